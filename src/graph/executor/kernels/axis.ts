/** Axis arguments of ONNX ops: negative axes count from the end; int64 tensors of axes or pads read as numbers. */
import type { HostTensor } from '../../host-tensor.js';
import type { KernelContext } from '../kernel.js';

/** `axis` in [-rank, rank) → [0, rank); `name` names the attribute or input in the error. */
export function normalizeAxis(axis: number, rank: number, ctx: KernelContext, name = 'axis'): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) return ctx.fail(`${name} ${axis} is out of range for rank ${rank}`);
  return axis < 0 ? axis + rank : axis;
}

/** The values of an integer tensor (an axes or pads input) as numbers. */
export function integerValues(t: HostTensor, role: string, ctx: KernelContext): number[] {
  if (t.type !== 'int64' && t.type !== 'int32') return ctx.fail(`${role} is ${t.type}; expected int64`);
  return Array.from(t.data as ArrayLike<number | bigint>, Number);
}
