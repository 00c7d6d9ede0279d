/** Transpose: dims permuted by `perm` (default: reversed). */
import type { HostTensor } from '../../host-tensor.js';
import type { Kernel, KernelContext } from '../kernel.js';
import { stridesOf, tensorOf } from './tensor-values.js';

export function transposeTensor(x: HostTensor, perm: readonly number[], ctx: KernelContext): HostTensor {
  const rank = x.dims.length;
  if (perm.length !== rank || [...perm].sort((a, b) => a - b).some((p, i) => p !== i)) ctx.fail(`perm [${perm.join(',')}] is not a permutation of ${rank} axes`);
  const dims = perm.map((p) => x.dims[p]!);
  const out = tensorOf(x.type, dims);
  const inStrides = stridesOf(x.dims);
  const step = perm.map((p) => inStrides[p]!); // input stride of each output axis
  const src = x.data;
  const dst = out.data;
  const n = dst.length;
  if (n === 0) return out;
  const coord = new Array<number>(rank).fill(0);
  let offset = 0;
  const last = rank - 1;
  for (let i = 0; i < n; ) {
    // The innermost output axis is one strided run of the input.
    const len = rank === 0 ? 1 : dims[last]!;
    const s = rank === 0 ? 0 : step[last]!;
    for (let j = 0; j < len; j++) dst[i + j] = src[offset + j * s]!;
    i += len;
    for (let k = last - 1; k >= 0; k--) {
      coord[k]!++;
      offset += step[k]!;
      if (coord[k]! < dims[k]!) break;
      offset -= step[k]! * coord[k]!;
      coord[k] = 0;
    }
  }
  return out;
}

export const transpose: Kernel = ([x], ctx) => {
  if (!x) return ctx.fail('input is required');
  const perm = ctx.attrs.ints('perm') ?? x.dims.map((_, i) => x.dims.length - 1 - i);
  return [transposeTensor(x, perm, ctx)];
};
