/** verify-parity's terminal summary: one line per runtime, then the verdict and its reasons. */
import { toleranceText } from './compare.js';
import type { ParityResult } from './parity-run.js';
import { comparisonVerdict, percent, rateText, sci, secondsText } from './report-format.js';

export function paritySummary(result: ParityResult): string {
  const count = result.inputs.count;
  const lines = [`model ${result.model} (${result.output.kind} "${result.output.name}", ${result.classes} classes)`, `images: ${result.inputs.source}`];
  const width = Math.max(...result.runtimes.map((r) => r.name.length));
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
    const c = result.comparisons.find((x) => x.runtime === run.name);
    const provider = run.provider ? `  (${run.provider})` : '';
    if (!c) {
      lines.push(`  ${name}  ${run.name === result.reference ? 'reference' : 'not compared'}${timing}${provider}`);
      continue;
    }
    const flips = c.flips.length ? `, ${c.flips.length} flip${c.flips.length === 1 ? '' : 's'} (e.g. ${c.flips[0]!.name}: ${c.flips[0]!.reference.label} → ${c.flips[0]!.runtime.label})` : '';
    lines.push(
      `  ${name}  ${comparisonVerdict(c)}  max|d| ${sci(c.maxAbsDiff)}  mean ${sci(c.meanAbsDiff)}  p99 ${sci(c.p99AbsDiff)}  max rel ${sci(c.maxRelDiff)}` +
        `  beyond tol ${c.failingElements}  top-1 ${percent(c.top1Agreement)}${flips}${timing}${provider}`,
    );
  }
  const tolerances = [...new Set(result.comparisons.map((c) => `atol ${toleranceText(c.tolerance.atol)} rtol ${toleranceText(c.tolerance.rtol)}`))].join('; ');
  lines.push(result.pass ? `PASS${tolerances ? ` (${tolerances})` : ''}` : `FAIL (exit ${result.exitCode})`);
  for (const problem of result.problems) lines.push(`  - ${problem}`);
  return `${lines.join('\n')}\n`;
}
