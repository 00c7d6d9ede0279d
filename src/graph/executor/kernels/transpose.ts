/** Transpose: dims permuted by `perm` (default: reversed). */
import type { HostTensor } from '../../host-tensor.js';
import type { Kernel, KernelContext } from '../kernel.js';
import { stridesOf, tensorOf, walkOffsets } from './tensor-values.js';

export function transposeTensor(x: HostTensor, perm: readonly number[], ctx: KernelContext): HostTensor {
  const rank = x.dims.length;
  if (perm.length !== rank || [...perm].sort((a, b) => a - b).some((p, i) => p !== i)) ctx.fail(`perm [${perm.join(',')}] is not a permutation of ${rank} axes`);
  const dims = perm.map((p) => x.dims[p]!);
  const out = tensorOf(x.type, dims);
  const inStrides = stridesOf(x.dims);
  const offsets = walkOffsets(dims, perm.map((p) => inStrides[p]!));
  for (let i = 0; i < offsets.length; i++) out.data[i] = x.data[offsets[i]!]!;
  return out;
}

export const transpose: Kernel = ([x], ctx) => {
  if (!x) return ctx.fail('input is required');
  const perm = ctx.attrs.ints('perm') ?? x.dims.map((_, i) => x.dims.length - 1 - i);
  return [transposeTensor(x, perm, ctx)];
};
