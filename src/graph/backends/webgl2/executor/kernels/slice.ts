/**
 * Slice: starts/ends/axes/steps (attributes before opset 10, host inputs from it),
 * clamped as NumPy does, negative steps included. Output coordinate c on axis k
 * reads input coordinate start_k + c·step_k.
 */
import type { GpuKernel } from '../gpu-kernel.js';
import { stridesOf } from '../tensor-glsl.js';
import { indexMapProgram } from './index-map.js';

export interface AxisSlice {
  start: number;
  step: number;
  count: number;
}

/** NumPy's clamping of one axis of size `dim`. */
export function sliceAxis(dim: number, start: number, end: number, step: number): AxisSlice {
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  let s = start < 0 ? start + dim : start;
  let e = end < 0 ? end + dim : end;
  if (step > 0) {
    s = clamp(s, 0, dim);
    e = clamp(e, 0, dim);
    return { start: s, step, count: Math.max(0, Math.ceil((e - s) / step)) };
  }
  s = clamp(s, 0, dim - 1);
  e = clamp(e, -1, dim - 1);
  return { start: s, step, count: Math.max(0, Math.ceil((e - s) / step)) };
}

const asNumbers = (t: { data: ArrayLike<number | bigint> } | null): number[] | null => (t ? Array.from(t.data, Number) : null);

export const slice: GpuKernel = (inputs, ctx) => {
  const x = ctx.gpu(inputs[0]);
  if (!x) return null;
  const rank = x.dims.length;
  let starts: number[] | null;
  let ends: number[] | null;
  let axes: number[] | null;
  let steps: number[] | null;
  if (ctx.opset < 10) {
    starts = ctx.attrs.ints('starts')?.slice() ?? null;
    ends = ctx.attrs.ints('ends')?.slice() ?? null;
    axes = ctx.attrs.ints('axes')?.slice() ?? null;
    steps = null;
  } else {
    [starts, ends] = [asNumbers(ctx.host(inputs[1])), asNumbers(ctx.host(inputs[2]))];
    axes = inputs[3] ? asNumbers(ctx.host(inputs[3])) : null;
    steps = inputs[4] ? asNumbers(ctx.host(inputs[4])) : null;
    if ((inputs[3] && !axes) || (inputs[4] && !steps)) return null;
  }
  if (!starts || !ends) return null;
  if (ends.length !== starts.length) return ctx.fail(`starts and ends differ in length (${starts.length} and ${ends.length})`);
  const slices: AxisSlice[] = x.dims.map((d) => ({ start: 0, step: 1, count: d }));
  starts.forEach((start, i) => {
    const raw = axes ? axes[i]! : i;
    if (raw < -rank || raw >= rank) return ctx.fail(`axis ${raw} is out of range for rank ${rank}`);
    const axis = raw < 0 ? raw + rank : raw;
    const step = steps ? steps[i]! : 1;
    if (step === 0) return ctx.fail('steps must not be 0');
    slices[axis] = sliceAxis(x.dims[axis]!, start, ends![i]!, step);
  });
  const dims = slices.map((s) => s.count);
  const strides = stridesOf(x.dims);
  const offset = slices.reduce((acc, s, k) => acc + s.start * strides[k]!, 0);
  const terms = slices.flatMap((s, k) => (s.step * strides[k]! === 0 || dims[k] === 1 ? [] : [`o${k} * ${s.step * strides[k]!}`]));
  const at = [String(offset), ...terms].join(' + ');
  if (dims.some((d) => d === 0)) return [ctx.run(indexMapProgram('empty', dims, [], 'result = 0.0;'), [], dims)];
  return [ctx.run(indexMapProgram(`slice|${x.dims}`, dims, ['x'], `result = x_at(${at});`), [x], dims)];
};
