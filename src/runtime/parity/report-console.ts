/** verify-parity's terminal summary: one line per runtime (per output when there are several), then the verdict and its reasons. */
import { toleranceText, type Comparison } from './compare.js';
import type { ParityResult } from './parity-run.js';
import { comparisonVerdict, inputsLabel, outputsText, percent, rateText, sci, secondsText, top1Text } from './report-format.js';

function comparisonText(c: Comparison & { required: boolean }): string {
  if (c.mismatch) return `${comparisonVerdict(c)}  ${c.mismatch}`;
  const flips = c.flips.length ? `, ${c.flips.length} flip${c.flips.length === 1 ? '' : 's'} (e.g. ${c.flips[0]!.name}: ${c.flips[0]!.reference.label} → ${c.flips[0]!.runtime.label})` : '';
  const top1 = c.top1Agreement === null ? '' : `  top-1 ${top1Text(c)}${flips}`;
  const exact = c.rule === 'exact' ? '  (exact)' : '';
  const nonFinite = c.nonFiniteMismatches ? `  NaN/Inf misplaced ${c.nonFiniteMismatches}` : '';
  return `${comparisonVerdict(c)}  max|d| ${sci(c.maxAbsDiff)}  mean ${sci(c.meanAbsDiff)}  p99 ${sci(c.p99AbsDiff)}  max rel ${sci(c.maxRelDiff)}  beyond tol ${c.failingElements}${nonFinite}${top1}${exact}`;
}

export function paritySummary(result: ParityResult): string {
  const count = result.inputs.count;
  const lines = [`model ${result.model} (${outputsText(result)})`, `${inputsLabel(result)}: ${result.inputs.source}`];
  const width = Math.max(...result.runtimes.map((r) => r.name.length));
  const several = result.outputs.length > 1;
  const outputWidth = Math.max(...result.outputs.map((o) => o.name.length));
  for (const run of result.runtimes) {
    const name = run.name.padEnd(width);
    const accuracy = run.accuracy === null ? '' : `, accuracy ${percent(run.accuracy)}`;
    const timing = run.runSeconds === null ? '' : ` [${secondsText(run.runSeconds)}, ${rateText(count, run.runSeconds)}${accuracy}]`;
    if (!run.available) {
      lines.push(`  ${name}  UNAVAILABLE${run.required ? '' : ' (not required)'}: ${run.error}`);
      continue;
    }
    if (run.error) {
      lines.push(`  ${name}  FAILED${run.required ? '' : ' (not required)'}: ${run.error}`);
      continue;
    }
    const mine = result.comparisons.filter((x) => x.runtime === run.name);
    const provider = run.provider ? `  (${run.provider})` : '';
    if (mine.length === 0) {
      lines.push(`  ${name}  ${run.name === result.reference ? 'reference' : 'not compared'}${timing}${provider}`);
      continue;
    }
    if (!several) {
      lines.push(`  ${name}  ${comparisonText(mine[0]!)}${timing}${provider}`);
      continue;
    }
    lines.push(`  ${name}  ${mine.every((c) => c.pass) ? 'pass' : 'FAIL'}${timing}${provider}`);
    for (const c of mine) lines.push(`  ${' '.repeat(width)}    ${c.output.padEnd(outputWidth)}  ${comparisonText(c)}`);
  }
  const tolerances = [...new Set(result.comparisons.filter((c) => c.rule === 'tolerance').map((c) => `atol ${toleranceText(c.tolerance.atol)} rtol ${toleranceText(c.tolerance.rtol)}`))].join('; ');
  lines.push(result.pass ? `PASS${tolerances ? ` (${tolerances})` : ''}` : `FAIL (exit ${result.exitCode})`);
  for (const problem of result.problems) lines.push(`  - ${problem}`);
  return `${lines.join('\n')}\n`;
}
