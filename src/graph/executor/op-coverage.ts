/** Which op types of a graph a device has no kernel for: what keeps our engine from running a model. */
import type { ExecutionDevice } from './device.js';
import type { ExecGraph } from './graph-ir.js';

/** Every op type of `graph` the device lacks, with its count: `Conv×3, NoSuchOp×1`; null when it has them all. */
export function missingOps<V>(graph: ExecGraph, device: ExecutionDevice<V>): string | null {
  const counts = new Map<string, number>();
  for (const node of graph.nodes) {
    if (node.domain === '' && device.kernel(node.opType, graph.opset)) continue;
    const op = node.domain ? `${node.domain}.${node.opType}` : node.opType;
    counts.set(op, (counts.get(op) ?? 0) + 1);
  }
  return counts.size === 0 ? null : [...counts].map(([op, n]) => `${op}×${n}`).join(', ');
}
