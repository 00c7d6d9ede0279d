/**
 * Split along an axis: sizes from the `split` attribute (opset < 13) or input (13+),
 * else equal parts, one per output (opset 18: `num_outputs`, the last part smaller).
 */
import { elementCount, type HostTensor } from '../../host-tensor.js';
import type { Kernel, KernelContext } from '../kernel.js';
import { normalizeAxis, readInts, tensorOf } from './tensor-values.js';

/** The size of each part along `axis`: the split attribute/input, else equal parts (the last smaller from opset 18). */
export function splitSizes(dims: readonly number[], axis: number, splitInput: HostTensor | undefined, ctx: KernelContext): number[] {
  const length = dims[axis]!;
  let sizes = ctx.opset < 13 ? ctx.attrs.ints('split') : splitInput ? readInts(splitInput) : undefined;
  if (!sizes) {
    const count = ctx.attrs.int('num_outputs') ?? ctx.outputCount;
    if (count <= 0) return ctx.fail('needs split sizes or num_outputs');
    const each = ctx.opset >= 18 ? Math.ceil(length / count) : length / count;
    if (!Number.isInteger(each)) ctx.fail(`cannot split ${length} into ${count} equal parts`);
    sizes = Array.from({ length: count }, (_, i) => Math.max(0, Math.min(each, length - i * each)));
  }
  if (sizes.reduce((a, b) => a + b, 0) !== length) ctx.fail(`split sizes [${sizes.join(',')}] do not add up to ${length}`);
  return [...sizes];
}

export const split: Kernel = ([x, splitInput], ctx) => {
  if (!x) return ctx.fail('input is required');
  const axis = normalizeAxis(ctx.attrs.int('axis', 0), x.dims.length, ctx);
  const length = x.dims[axis]!;
  const sizes = splitSizes(x.dims, axis, splitInput, ctx);
  const outer = elementCount(x.dims.slice(0, axis));
  const inner = elementCount(x.dims.slice(axis + 1));
  let at = 0;
  return sizes.map((size) => {
    const dims = [...x.dims];
    dims[axis] = size;
    const out = tensorOf(x.type, dims);
    const row = size * inner;
    for (let o = 0; o < outer; o++) (out.data as Float32Array).set((x.data as Float32Array).subarray(o * length * inner + at, o * length * inner + at + row), o * row);
    at += row;
    return out;
  });
};
