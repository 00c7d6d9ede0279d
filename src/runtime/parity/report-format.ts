/** Number and status wording shared by the Markdown, HTML and console reports, so they agree. */
import { toleranceText, type Comparison } from './compare.js';
import type { ParityResult, RuntimeRun } from './parity-run.js';

/** Differences in scientific notation, 3 significant digits: 1.23e-6; exact zero stays 0. */
export function sci(value: number): string {
  if (value === 0) return '0';
  if (!Number.isFinite(value)) return String(value);
  return value.toExponential(2);
}

export function percent(fraction: number): string {
  return `${(100 * fraction).toFixed(fraction === 1 || fraction === 0 ? 0 : 2)}%`;
}

export function secondsText(value: number | null): string {
  return value === null ? '–' : `${value.toFixed(2)} s`;
}

/** Rows per second; two significant digits below 10 (a big model on a few rows runs at 0.16/s, not 0/s). */
export function rateText(images: number, runSeconds: number | null): string {
  if (!runSeconds) return '–';
  const rate = images / runSeconds;
  return `${rate < 10 ? rate.toPrecision(2) : Math.round(rate).toLocaleString('en-US')}/s`;
}

export function runStatus(run: RuntimeRun): string {
  if (!run.available) return 'unavailable';
  if (run.error) return 'failed';
  return run.environment === 'file' ? 'loaded' : 'ran';
}

export function comparisonVerdict(c: Comparison & { required: boolean }): string {
  const verdict = c.pass ? 'pass' : 'FAIL';
  return c.required || c.pass ? verdict : `${verdict} (not required)`;
}

/** Flips shown in human-readable reports; --json always lists all of them. */
export const FLIPS_SHOWN = 25;

export const RUNTIME_COLUMNS = ['runtime', 'status', 'provider (what really ran)', 'required', 'start', 'run', 'speed', 'accuracy'];

export function runtimeRows(result: ParityResult): string[][] {
  const count = result.inputs.count;
  return result.runtimes.map((r) => [
    r.name,
    r.error ? `${runStatus(r)}: ${r.error}` : runStatus(r),
    r.provider ?? '–',
    r.required ? 'yes' : 'no',
    secondsText(r.openSeconds),
    secondsText(r.runSeconds),
    rateText(count, r.runSeconds),
    r.accuracy === null ? '–' : percent(r.accuracy),
  ]);
}

export const COMPARISON_COLUMNS = ['runtime', 'output', 'vs', 'result', 'max abs', 'mean abs', 'p99 abs', 'max rel', 'failing values', 'top-1 agreement', 'flips'];

/** `[N,classes]` compared with top-1, `exact` for integers and bool, the mismatch when shapes or types differ. */
export function ruleText(c: Comparison): string {
  if (c.mismatch) return c.mismatch;
  return c.rule === 'exact' ? 'exact (integers/bool)' : `atol ${toleranceText(c.tolerance.atol)} rtol ${toleranceText(c.tolerance.rtol)}`;
}

export function top1Text(c: Comparison): string {
  return c.top1Agreement === null ? '–' : percent(c.top1Agreement);
}

/** What the inputs are, in the words the run's kind calls for. */
export function inputsLabel(result: ParityResult): string {
  const kind = result.inputs.kind;
  return kind === 'files' || kind === 'cifar10-test' || kind === 'random' ? 'images' : 'inputs';
}

/** How the model's outputs read in a report heading. */
export function outputsText(result: ParityResult): string {
  if (result.outputs.length === 1 && result.classes > 0) return `${result.output.kind} "${result.output.name}", ${result.classes} classes`;
  return `output${result.outputs.length === 1 ? '' : 's'} ${result.outputs.map((o) => `"${o.name}"`).join(', ')}`;
}

export function comparisonRows(result: ParityResult): string[][] {
  return result.comparisons.map((c) => [
    c.runtime,
    c.output,
    c.reference,
    comparisonVerdict(c),
    sci(c.maxAbsDiff),
    sci(c.meanAbsDiff),
    sci(c.p99AbsDiff),
    sci(c.maxRelDiff),
    `${c.failingElements} / ${c.elements}`,
    top1Text(c),
    c.top1Agreement === null ? '–' : String(c.flips.length),
  ]);
}

/** The comparison's rule and outcome as a sentence. */
export function ruleSentence(c: Comparison): string {
  if (c.mismatch) return `The outputs cannot be compared value by value: ${c.mismatch}.`;
  if (c.rule === 'exact') return `Integers and bool are compared exactly: ${c.failingElements} of ${c.elements} values differ.`;
  const nonFinite = c.nonFiniteMismatches ? ` (${c.nonFiniteMismatches} of them NaN/Inf where the reference has none, or the reverse)` : '';
  return `Tolerance atol ${toleranceText(c.tolerance.atol)}, rtol ${toleranceText(c.tolerance.rtol)} (an element fails only beyond both; NaN/Inf must match exactly): ${c.failingElements} of ${c.elements} values fail${nonFinite}.`;
}

/** How the worst element's place within its row is named: a class for top-1 outputs, an offset otherwise. */
export function positionText(c: Comparison): string {
  return c.top1Agreement === null ? 'offset' : 'class';
}
