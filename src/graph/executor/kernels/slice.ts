/**
 * Slice: starts/ends/axes as attributes before opset 10, inputs (plus steps, negative
 * ones walking backwards) from it. Out-of-range bounds clamp as numpy's do.
 */
import type { HostTensor } from '../../host-tensor.js';
import type { Kernel, KernelContext } from '../kernel.js';
import { normalizeAxis, readInts, stridesOf, tensorOf, walkOffsets } from './tensor-values.js';

/** Where the slice starts, its step and its size on every axis of `dims`, clamped as numpy's are. */
export interface SliceWindow {
  readonly begin: number[];
  readonly step: number[];
  readonly dims: number[];
}

export function sliceWindow(dimsIn: readonly number[], [startsT, endsT, axesT, stepsT]: readonly (HostTensor | undefined)[], ctx: KernelContext): SliceWindow {
  const x = { dims: dimsIn };
  const ints = (t: HostTensor | undefined) => (t ? readInts(t) : undefined);
  const old = ctx.opset < 10;
  const starts = (old ? ctx.attrs.ints('starts') : ints(startsT)) ?? ctx.fail('starts are required');
  const ends = (old ? ctx.attrs.ints('ends') : ints(endsT)) ?? ctx.fail('ends are required');
  const rank = x.dims.length;
  const axes = (old ? ctx.attrs.ints('axes') : ints(axesT)) ?? starts.map((_, i) => i);
  const steps = (old ? undefined : ints(stepsT)) ?? starts.map(() => 1);
  if (ends.length !== starts.length || axes.length !== starts.length || steps.length !== starts.length) {
    ctx.fail(`starts, ends, axes and steps have different lengths (${starts.length}, ${ends.length}, ${axes.length}, ${steps.length})`);
  }
  const begin = x.dims.map(() => 0);
  const step = x.dims.map(() => 1);
  const dims = [...x.dims];
  axes.forEach((a, i) => {
    const axis = normalizeAxis(a, rank, ctx);
    const dim = x.dims[axis]!;
    const s = steps[i]!;
    if (s === 0) ctx.fail('a step is 0');
    let start = starts[i]!;
    let end = ends[i]!;
    if (start < 0) start += dim;
    if (end < 0) end += dim;
    if (s > 0) {
      start = Math.min(Math.max(start, 0), dim);
      end = Math.min(Math.max(end, 0), dim);
    } else {
      start = Math.min(Math.max(start, 0), dim - 1);
      end = Math.min(Math.max(end, -1), dim - 1);
    }
    begin[axis] = start;
    step[axis] = s;
    dims[axis] = Math.max(0, Math.ceil((end - start) / s));
  });
  return { begin, step, dims };
}

export const slice: Kernel = ([x, ...rest], ctx) => {
  if (!x) return ctx.fail('input is required');
  const { begin, step, dims } = sliceWindow(x.dims, rest, ctx);
  const out = tensorOf(x.type, dims);
  const strides = stridesOf(x.dims);
  const offsets = walkOffsets(dims, strides.map((st, k) => st * step[k]!), begin.reduce((acc, b, k) => acc + b * strides[k]!, 0));
  for (let i = 0; i < offsets.length; i++) out.data[i] = x.data[offsets[i]!]!;
  return [out];
};
