/** MaxUnpool: zeros of the unpooled shape with each value put back at the flat index MaxPool recorded. */
import type { Kernel } from '../kernel.js';
import { readInts, tensorOf } from './tensor-values.js';

export const maxUnpool: Kernel = ([x, indices, outputShape], ctx) => {
  if (!x || !indices) return ctx.fail('needs X and I');
  const kernel = ctx.attrs.required('kernel_shape', 'ints');
  const spatial = x.dims.length - 2;
  const strides = ctx.attrs.ints('strides', new Array<number>(spatial).fill(1));
  const pads = ctx.attrs.ints('pads', new Array<number>(2 * spatial).fill(0));
  const dims = outputShape
    ? readInts(outputShape)
    : [x.dims[0]!, x.dims[1]!, ...kernel.map((k, i) => (x.dims[i + 2]! - 1) * strides[i]! + k - pads[i]! - pads[i + spatial]!)];
  const out = tensorOf(x.type, dims);
  const at = readInts(indices);
  for (let i = 0; i < at.length; i++) {
    if (at[i]! < 0 || at[i]! >= out.data.length) ctx.fail(`index ${at[i]} is outside the output of ${out.data.length} values`);
    out.data[at[i]!] = x.data[i]!;
  }
  return [out];
};
