/**
 * Bisection in verify-parity's output. `--json` gains
 *
 *     "bisect": [{ "runtime", "reference", "images": [names],
 *                  "firstDivergence": { "index", "node", "opType", "output", "maxAbsDiff",
 *                                       "failingElements", "elements" } | null,
 *                  "nodes": [ …the same fields for every exposed tensor, in graph order… ],
 *                  "providers": { "runtime", "reference" }, "atol", "rtol",
 *                  "error"?, "reproducer"?: { "dir", "inputs", "outputs" }, "reproducerError"? }]
 *
 * and the console summary a short table per bisected runtime.
 */
import { toleranceText } from '../parity/compare.js';
import { sci } from '../parity/report-format.js';
import type { BisectEntry } from './bisect-failures.js';
import type { NodeDivergence } from './bisect-runtime.js';

function nodeJson(n: NodeDivergence) {
  return {
    index: n.index,
    node: n.node,
    opType: n.opType,
    output: n.output,
    type: n.type,
    maxAbsDiff: n.maxAbsDiff,
    failingElements: n.failingElements,
    elements: n.elements,
    ...(n.shapeMismatch ? { shapeMismatch: n.shapeMismatch } : {}),
    ...(n.inputs ? { inputs: n.inputs } : {}),
  };
}

export function bisectJson(entries: readonly BisectEntry[], imageNames: readonly string[]): Record<string, unknown>[] {
  return entries.map((e) => ({
    runtime: e.runtime,
    reference: e.reference,
    images: e.images.map((i) => imageNames[i] ?? `#${i}`),
    firstDivergence: e.firstDivergence ? nodeJson(e.firstDivergence) : null,
    nodes: e.nodes.map(nodeJson),
    providers: e.providers,
    atol: e.tolerance.atol,
    rtol: e.tolerance.rtol,
    ...(e.error === null ? {} : { error: e.error }),
    ...(e.reproducer ? { reproducer: e.reproducer } : {}),
    ...(e.reproducerError === null ? {} : { reproducerError: e.reproducerError }),
  }));
}

function verdict(e: BisectEntry): string {
  if (e.error !== null) return `cannot bisect: ${e.error}`;
  if (!e.firstDivergence) return 'no node diverges with every intermediate tensor exposed (the fault may lie in a fusion the rewrite prevents)';
  const f = e.firstDivergence;
  return `first divergence at node #${f.index} "${f.node}" (${f.opType}), max |d| ${sci(f.maxAbsDiff)}`;
}

export function bisectSummary(entries: readonly BisectEntry[]): string {
  const lines: string[] = [];
  for (const e of entries) {
    const tol = `atol ${toleranceText(e.tolerance.atol)} rtol ${toleranceText(e.tolerance.rtol)}`;
    lines.push(`bisect ${e.runtime} against ${e.reference} on ${e.images.length} row(s), ${tol}: ${verdict(e)}`);
    const width = Math.max(0, ...e.nodes.map((n) => n.node.length));
    for (const n of e.nodes) {
      const mark = n === e.firstDivergence ? '  <- first divergence' : '';
      lines.push(`  #${String(n.index).padEnd(3)} ${n.node.padEnd(width)}  ${n.opType.padEnd(10)} max|d| ${sci(n.maxAbsDiff).padEnd(9)} beyond tol ${n.failingElements}/${n.elements}${mark}`);
    }
    for (const input of e.firstDivergence?.inputs ?? []) {
      lines.push(`  input of #${e.firstDivergence!.index} "${input.name}" (${input.from}): max|d| ${sci(input.maxAbsDiff)}, beyond tol ${input.failingElements}/${input.elements}`);
    }
    if (e.reproducer) lines.push(`  reproducer: ${e.reproducer.dir} (model.onnx + test_data_set_0)`);
    if (e.reproducerError) lines.push(`  reproducer not written: ${e.reproducerError}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
