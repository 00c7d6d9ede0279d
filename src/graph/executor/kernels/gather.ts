/** Gather along an axis with int32/int64 indices (negative ones count from the end). */
import { elementCount } from '../../host-tensor.js';
import type { Kernel } from '../kernel.js';
import { normalizeAxis, readInts, tensorOf } from './tensor-values.js';

export const gather: Kernel = ([data, indicesT], ctx) => {
  if (!data || !indicesT) return ctx.fail('needs data and indices');
  const axis = normalizeAxis(ctx.attrs.int('axis', 0), data.dims.length, ctx);
  const size = data.dims[axis]!;
  const indices = readInts(indicesT).map((i) => {
    if (i < -size || i >= size) ctx.fail(`index ${i} is out of range for axis ${axis} of size ${size}`);
    return i < 0 ? i + size : i;
  });
  const dims = [...data.dims.slice(0, axis), ...indicesT.dims, ...data.dims.slice(axis + 1)];
  const out = tensorOf(data.type, dims);
  const outer = elementCount(data.dims.slice(0, axis));
  const inner = elementCount(data.dims.slice(axis + 1));
  const src = data.data as Float32Array;
  const dst = out.data as Float32Array;
  let at = 0;
  for (let o = 0; o < outer; o++) {
    for (const index of indices) {
      const from = (o * size + index) * inner;
      dst.set(src.subarray(from, from + inner), at);
      at += inner;
    }
  }
  return [out];
};
