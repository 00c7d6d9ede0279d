/** Number and status wording shared by the Markdown, HTML and console reports, so they agree. */
import type { Comparison } from './compare.js';
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

export function rateText(images: number, runSeconds: number | null): string {
  return runSeconds ? `${Math.round(images / runSeconds).toLocaleString('en-US')}/s` : '–';
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

export const COMPARISON_COLUMNS = ['runtime', 'vs', 'result', 'max abs', 'mean abs', 'p99 abs', 'max rel', 'failing values', 'top-1 agreement', 'flips'];

export function comparisonRows(result: ParityResult): string[][] {
  return result.comparisons.map((c) => [
    c.runtime,
    c.reference,
    comparisonVerdict(c),
    sci(c.maxAbsDiff),
    sci(c.meanAbsDiff),
    sci(c.p99AbsDiff),
    sci(c.maxRelDiff),
    `${c.failingElements} / ${c.elements}`,
    percent(c.top1Agreement),
    String(c.flips.length),
  ]);
}
