/** Transpose: output axis k is input axis perm[k] (default: reversed). */
import type { GpuKernel } from '../gpu-kernel.js';
import { dot } from '../tensor-glsl.js';
import { stridesOf } from '../../../../executor/kernels/tensor-values.js';
import { indexMapProgram } from './index-map.js';

export const transpose: GpuKernel = (inputs, ctx) => {
  const x = ctx.gpu(inputs[0]);
  if (!x) return null;
  const rank = x.dims.length;
  const perm = ctx.attrs.ints('perm', x.dims.map((_, k) => rank - 1 - k));
  if (perm.length !== rank || [...perm].sort((a, b) => a - b).some((p, k) => p !== k)) return ctx.fail(`perm [${perm}] is not a permutation of ${rank} axes`);
  const dims = perm.map((p) => x.dims[p]!);
  const strides = stridesOf(x.dims);
  const at = dot(dims.map((_, k) => `o${k}`), perm.map((p) => strides[p]!));
  return [ctx.run(indexMapProgram(`transpose|${x.dims}|${perm}`, dims, ['x'], `result = x_at(${at});`), [x], dims)];
};
