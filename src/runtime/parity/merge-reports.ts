/**
 * `verify-parity --merge a.json b.json …`: results gathered on several devices (the
 * CLI's `--json`, the web lab's download, which adds the browser and its GPU adapters)
 * read back and lined up as one table — one row per (runtime, output), one column per
 * file — so the same model's behaviour on different machines can be compared.
 *
 * Only the documented fields of `verify-parity --json` are read; each file is checked
 * enough to name the first thing that is not such a result.
 */
import { ToolError } from '../../util/errors.js';

/** Where a result was measured: the web lab's additions (absent from CLI results). */
export interface ResultEnvironment {
  /** "Chromium 156.0.7444.59 on Linux x86_64". */
  browser: string;
  /** What the page's GPU APIs report: the WebGPU adapter and the WebGL renderer (null where absent). */
  adapter: { webgpu: string | null; webgl: string | null };
}

export interface MergedComparison {
  runtime: string;
  output: string;
  reference: string;
  pass: boolean;
  maxAbsDiff: number;
  meanAbsDiff: number;
  atol: number;
  rtol: number;
  mismatch: string | null;
}

export interface MergedRuntime {
  name: string;
  available: boolean;
  provider: string | null;
  error: string | null;
}

export interface MergedResult {
  /** The file as named on the command line. */
  file: string;
  model: string;
  pass: boolean;
  reference: string;
  source: string;
  environment: ResultEnvironment | null;
  runtimes: MergedRuntime[];
  comparisons: MergedComparison[];
}

export interface MergedCell {
  /** `pass`/`fail` with the comparison; `unavailable`/`failed` with the reason; `absent` when the file has no such runtime. */
  state: 'pass' | 'fail' | 'unavailable' | 'failed' | 'absent';
  comparison: MergedComparison | null;
  reason: string | null;
}

export interface MergedRow {
  runtime: string;
  output: string;
  /** One cell per file, in the order given. */
  cells: MergedCell[];
}

export interface MergedTable {
  results: MergedResult[];
  rows: MergedRow[];
  /** True when every comparison of every file passed. */
  pass: boolean;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Numbers JSON cannot hold are written as "Infinity" / "-Infinity" / "NaN" (report-json.ts). */
function numberField(o: Json, key: string, where: string): number {
  const v = o[key];
  if (typeof v === 'number') return v;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (v === 'NaN') return NaN;
  throw new ToolError(`${where}: "${key}" is not a number`);
}

function stringOr(o: Json, key: string, fallback: string): string {
  const v = o[key];
  return typeof v === 'string' ? v : fallback;
}

function environmentOf(o: Json): ResultEnvironment | null {
  if (typeof o.browser !== 'string') return null;
  const adapter = isObject(o.adapter) ? o.adapter : {};
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return { browser: o.browser, adapter: { webgpu: text(adapter.webgpu), webgl: text(adapter.webgl) } };
}

/** One `verify-parity --json` result (or the web lab's download), from its text. */
export function parseParityResult(text: string, file: string): MergedResult {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (error) {
    throw new ToolError(`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isObject(o) || !Array.isArray(o.comparisons) || !Array.isArray(o.runtimes)) {
    throw new ToolError(`${file}: not a verify-parity --json result (it needs "runtimes" and "comparisons" lists)`);
  }
  const comparisons = o.comparisons.map((c, i): MergedComparison => {
    const where = `${file}: comparisons[${i}]`;
    if (!isObject(c) || typeof c.runtime !== 'string' || typeof c.pass !== 'boolean') throw new ToolError(`${where}: needs "runtime" and "pass"`);
    return {
      runtime: c.runtime,
      // Results from before any-model parity compared one output and did not name it.
      output: stringOr(c, 'output', isObject(o.output) ? stringOr(o.output, 'name', 'output') : 'output'),
      reference: stringOr(c, 'reference', stringOr(o, 'reference', '?')),
      pass: c.pass,
      maxAbsDiff: numberField(c, 'maxAbsDiff', where),
      meanAbsDiff: c.meanAbsDiff === undefined ? NaN : numberField(c, 'meanAbsDiff', where),
      atol: c.atol === undefined ? NaN : numberField(c, 'atol', where),
      rtol: c.rtol === undefined ? NaN : numberField(c, 'rtol', where),
      mismatch: typeof c.mismatch === 'string' ? c.mismatch : null,
    };
  });
  const runtimes = o.runtimes.map((r, i): MergedRuntime => {
    if (!isObject(r) || typeof r.name !== 'string') throw new ToolError(`${file}: runtimes[${i}] has no "name"`);
    return { name: r.name, available: r.available !== false, provider: typeof r.provider === 'string' ? r.provider : null, error: typeof r.error === 'string' ? r.error : null };
  });
  return {
    file,
    model: stringOr(o, 'model', '?'),
    pass: o.pass === true,
    reference: stringOr(o, 'reference', '?'),
    source: stringOr(o, 'source', ''),
    environment: environmentOf(o),
    runtimes,
    comparisons,
  };
}

function cellFor(result: MergedResult, runtime: string, output: string): MergedCell {
  const comparison = result.comparisons.find((c) => c.runtime === runtime && c.output === output) ?? null;
  if (comparison) return { state: comparison.pass ? 'pass' : 'fail', comparison, reason: comparison.mismatch };
  const run = result.runtimes.find((r) => r.name === runtime);
  if (run && !run.available) return { state: 'unavailable', comparison: null, reason: run.error };
  if (run?.error) return { state: 'failed', comparison: null, reason: run.error };
  return { state: 'absent', comparison: null, reason: null };
}

/** Lines the results up: rows in first-seen order of (runtime, output), the reference runtimes left out. */
export function mergeResults(results: readonly MergedResult[]): MergedTable {
  if (results.length === 0) throw new ToolError('--merge: name at least one verify-parity --json result file');
  const keys = new Map<string, { runtime: string; output: string }>();
  for (const r of results) {
    for (const c of r.comparisons) keys.set(`${c.runtime}\u0000${c.output}`, { runtime: c.runtime, output: c.output });
  }
  // Runtimes that never produced a comparison anywhere (unavailable everywhere) still get a row, per output seen.
  const outputs = [...new Set([...keys.values()].map((k) => k.output))];
  for (const r of results) {
    for (const run of r.runtimes) {
      if (run.name === r.reference || [...keys.values()].some((k) => k.runtime === run.name)) continue;
      for (const output of outputs.length ? outputs : ['output']) keys.set(`${run.name}\u0000${output}`, { runtime: run.name, output });
    }
  }
  const rows = [...keys.values()].map(({ runtime, output }) => ({ runtime, output, cells: results.map((r) => cellFor(r, runtime, output)) }));
  return { results: [...results], rows, pass: results.every((r) => r.comparisons.every((c) => c.pass)) };
}
