/** ReverseSequence: for each batch entry, its first sequence_lens[b] steps along time_axis reversed. */
import { stridesOf, readInts, tensorOf } from './tensor-values.js';
import type { Kernel } from '../kernel.js';

export const reverseSequence: Kernel = ([x, lensT], ctx) => {
  if (!x || !lensT) return ctx.fail('needs input and sequence_lens');
  const batchAxis = ctx.attrs.int('batch_axis', 1);
  const timeAxis = ctx.attrs.int('time_axis', 0);
  const lens = readInts(lensT);
  const strides = stridesOf(x.dims);
  const out = tensorOf(x.type, x.dims, x.data.slice());
  const coord = new Array<number>(x.dims.length).fill(0);
  for (let i = 0; i < x.data.length; i++) {
    const t = coord[timeAxis]!;
    const len = lens[coord[batchAxis]!]!;
    if (t < len) out.data[i + (len - 1 - 2 * t) * strides[timeAxis]!] = x.data[i]!;
    for (let k = x.dims.length - 1; k >= 0; k--) {
      if (++coord[k]! < x.dims[k]!) break;
      coord[k] = 0;
    }
  }
  return [out];
};
