/** Shape (with opset 15's start/end) and Size. */
import type { Kernel } from '../kernel.js';
import { int64Tensor, tensorOf } from './tensor-values.js';

export const shape: Kernel = ([x], ctx) => {
  if (!x) return ctx.fail('input is required');
  const rank = x.dims.length;
  const clamp = (v: number) => Math.min(rank, Math.max(0, v < 0 ? v + rank : v));
  const start = clamp(ctx.attrs.int('start', 0));
  const end = clamp(ctx.attrs.int('end', rank));
  return [int64Tensor(x.dims.slice(start, Math.max(start, end)))];
};

export const size: Kernel = ([x], ctx) => {
  if (!x) return ctx.fail('input is required');
  return [tensorOf('int64', [], BigInt64Array.of(BigInt(x.data.length)))];
};
