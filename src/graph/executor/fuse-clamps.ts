/**
 * Folding Relu and Clip into the Conv that feeds them, for devices whose Conv can clamp
 * its output in the same pass (engine-cpu's wasm kernels): one write of the
 * activation instead of a write and a second read-modify-write. A pair is merged only
 * when the Conv's output has no other reader in the schedule and is not fetched, so
 * fetching that intermediate value (bisecting) still sees it unclamped.
 */
import type { HostTensor } from '../host-tensor.js';
import type { ExecNode } from './graph-ir.js';
import type { PlanStep } from './plan.js';

/** Clip-6's defaults: the float range (so ±Infinity clamps to ±FLT_MAX as onnxruntime does). */
const FLT_MAX = 3.4028234663852886e38;

/** [lo, hi] of a Relu or Clip node whose bounds are known at load, else null. */
export function clampOf(node: ExecNode, opset: number, constants: ReadonlyMap<string, HostTensor>): readonly [number, number] | null {
  if (node.domain !== '') return null;
  if (node.opType === 'Relu') return [0, Infinity];
  if (node.opType !== 'Clip') return null;
  if (opset < 11) {
    const bound = (name: string, fallback: number) => {
      const a = node.attributes.get(name);
      return a?.kind === 'float' ? a.value : fallback;
    };
    return [bound('min', -FLT_MAX), bound('max', FLT_MAX)];
  }
  const scalar = (name: string | undefined, fallback: number): number | null => {
    if (!name) return fallback;
    const t = constants.get(name);
    return t && t.data.length === 1 && (t.type === 'float32' || t.type === 'float64') ? Number(t.data[0]) : null;
  };
  const lo = scalar(node.inputs[1], -Infinity), hi = scalar(node.inputs[2], Infinity);
  return lo === null || hi === null ? null : [lo, hi];
}

/**
 * `steps` with each Conv → (Relu | Clip) pair replaced by `fuse(conv, clamp)` writing
 * the activation's output, where `fuse` gives a step (and `clampOfStep` knows the bounds).
 */
export function fuseClamps<S extends PlanStep>(
  steps: readonly S[],
  keep: ReadonlySet<string>,
  clampOfStep: (step: S) => readonly [number, number] | null,
  fuse: (conv: S, activation: S, clamp: readonly [number, number]) => S | undefined,
): S[] {
  const readers = new Map<string, number>();
  for (const step of steps) for (const name of new Set(step.node.inputs)) if (name) readers.set(name, (readers.get(name) ?? 0) + 1);
  const out: S[] = [];
  const dropped = new Set<S>();
  for (const [i, step] of steps.entries()) {
    if (dropped.has(step)) continue;
    const value = step.node.outputs[0];
    const next = steps.slice(i + 1).find((s) => s.node.inputs.includes(value ?? ''));
    const clamp = next ? clampOfStep(next) : null;
    const fusable = step.node.opType === 'Conv' && step.node.domain === '' && step.node.outputs.length === 1 && value &&
      !keep.has(value) && readers.get(value) === 1 && next && next.node.inputs[0] === value && clamp;
    const fused = fusable ? fuse(step, next, clamp) : undefined;
    if (fused) {
      out.push(fused);
      dropped.add(next!);
    } else {
      out.push(step);
    }
  }
  return out;
}
