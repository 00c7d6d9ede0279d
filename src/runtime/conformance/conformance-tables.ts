/**
 * What a conformance run found, as blocks (headings, sentences, tables) that the
 * Markdown and HTML reports render the same way: counts per runtime, a table per op
 * type, where runtimes disagree (against ort-node when it ran, per op and per case),
 * and every failure with its first differing element and every could-not-run reason.
 */
import type { CaseStatus } from './case-verdict.js';
import type { CaseResult, ConformanceResult } from './conformance-run.js';

export type Block = { heading: string } | { text: string } | { columns: string[]; rows: string[][] };

export interface RuntimeCounts {
  passed: number;
  failed: number;
  unsupported: number;
}

export function countsPerRuntime(result: ConformanceResult): Record<string, RuntimeCounts> {
  const counts: Record<string, RuntimeCounts> = {};
  for (const name of result.runtimes) counts[name] = { passed: 0, failed: 0, unsupported: 0 };
  for (const r of result.results) for (const name of result.runtimes) counts[name]![r.verdicts[name]!.status]++;
  return counts;
}

/** The runtime others are held against: ort-node when it ran, else the first. */
export function baselineRuntime(result: ConformanceResult): string {
  return result.runtimes.includes('ort-node') ? 'ort-node' : result.runtimes[0]!;
}

const WORD: Record<CaseStatus, string> = { passed: 'pass', failed: 'fail', unsupported: 'could not run' };

function statusCell(counts: RuntimeCounts): string {
  return `${counts.passed} / ${counts.failed} / ${counts.unsupported}`;
}

function opTable(result: ConformanceResult): Block {
  const byOp = new Map<string, CaseResult[]>();
  for (const r of result.results) for (const op of r.ops) byOp.set(op, [...(byOp.get(op) ?? []), r]);
  const rows = [...byOp.keys()].sort().map((op) => {
    const cases = byOp.get(op)!;
    return [op, String(cases.length), ...result.runtimes.map((name) => {
      const c: RuntimeCounts = { passed: 0, failed: 0, unsupported: 0 };
      for (const r of cases) c[r.verdicts[name]!.status]++;
      return statusCell(c);
    })];
  });
  return { columns: ['op type', 'cases', ...result.runtimes.map((n) => `${n} pass / fail / n/a`)], rows };
}

/** Cases where `name`'s verdict differs from the baseline's. */
function disagreements(result: ConformanceResult, name: string, base: string): CaseResult[] {
  return result.results.filter((r) => r.verdicts[name]!.status !== r.verdicts[base]!.status);
}

function disagreementByOp(result: ConformanceResult, base: string): Block | null {
  const others = result.runtimes.filter((n) => n !== base);
  const perOp = new Map<string, number[]>();
  others.forEach((name, k) => {
    for (const r of disagreements(result, name, base)) {
      for (const op of r.ops) {
        const row = perOp.get(op) ?? new Array<number>(others.length).fill(0);
        row[k]!++;
        perOp.set(op, row);
      }
    }
  });
  if (perOp.size === 0) return null;
  const rows = [...perOp.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([op, n]) => [op, ...n.map(String)]);
  return { columns: ['op type', ...others.map((n) => `${n} ≠ ${base}`)], rows };
}

function reasonOf(r: CaseResult, name: string): string {
  return r.verdicts[name]!.reason ?? '';
}

export function conformanceBlocks(result: ConformanceResult): Block[] {
  const counts = countsPerRuntime(result);
  const base = baselineRuntime(result);
  const t = result.tolerance;
  const blocks: Block[] = [
    { heading: 'Per runtime' },
    { text: `${result.results.length} ONNX test cases, each compared with its expected outputs by ONNX's backend-test rule (|actual − expected| ≤ atol + rtol·|expected| with atol ${t.atol}, rtol ${t.rtol}; same element type and shape; integers and bool exactly).` },
    { columns: ['runtime', 'passed', 'failed', 'could not run'], rows: result.runtimes.map((n) => [n, String(counts[n]!.passed), String(counts[n]!.failed), String(counts[n]!.unsupported)]) },
  ];
  const byOp = disagreementByOp(result, base);
  blocks.push({ heading: `Where runtimes disagree with ${base}` });
  if (!byOp) blocks.push({ text: `Every runtime gives ${base}'s verdict on every case.` });
  else {
    blocks.push({ text: `Cases per op type whose verdict (pass, fail, could not run) differs from ${base}'s:` }, byOp);
    for (const name of result.runtimes.filter((n) => n !== base)) {
      const cases = disagreements(result, name, base);
      if (cases.length === 0) continue;
      blocks.push({ heading: `${name} vs ${base}: ${cases.length} case${cases.length === 1 ? '' : 's'}` });
      blocks.push({
        columns: ['case', 'ops', base, name, `${name}'s reason`],
        rows: cases.map((r) => [r.case, r.ops.join(' '), WORD[r.verdicts[base]!.status], WORD[r.verdicts[name]!.status], reasonOf(r, name)]),
      });
    }
  }
  blocks.push({ heading: 'Per op type' }, { text: 'A case counts under every op type its model uses.' }, opTable(result));
  for (const name of result.runtimes) {
    const failed = result.results.filter((r) => r.verdicts[name]!.status === 'failed');
    if (failed.length > 0) {
      blocks.push({ heading: `${name}: failed (${failed.length})` }, { columns: ['case', 'first differing element'], rows: failed.map((r) => [r.case, reasonOf(r, name)]) });
    }
    const unsupported = result.results.filter((r) => r.verdicts[name]!.status === 'unsupported');
    if (unsupported.length > 0) {
      blocks.push({ heading: `${name}: could not run (${unsupported.length})` }, { columns: ['case', 'reason'], rows: unsupported.map((r) => [r.case, reasonOf(r, name)]) });
    }
  }
  return blocks;
}
