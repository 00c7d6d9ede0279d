/**
 * Slice: the window (starts/ends/axes/steps from attributes or host inputs,
 * clamped as NumPy does) is the CPU kernel's; output coordinate c on axis k reads
 * input coordinate begin_k + c·step_k.
 */
import { sliceWindow } from '../../../../executor/kernels/slice.js';
import type { GpuKernel } from '../gpu-kernel.js';
import { stridesOf } from '../../../../executor/kernels/tensor-values.js';
import { indexMapProgram } from './index-map.js';

export const slice: GpuKernel = ([input, ...rest], ctx) => {
  const x = ctx.gpu(input);
  if (!x) return null;
  const hostRest = rest.map((v) => ctx.host(v) ?? undefined);
  if (rest.some((v, i) => v !== undefined && !hostRest[i])) return null;
  const { begin, step, dims } = sliceWindow(x.dims, hostRest, ctx);
  if (dims.some((d) => d === 0)) return [ctx.run(indexMapProgram('empty', dims, [], 'result = 0.0;'), [], dims)];
  const strides = stridesOf(x.dims);
  const offset = begin.reduce((acc, b, k) => acc + b * strides[k]!, 0);
  const terms = dims.flatMap((d, k) => (d === 1 ? [] : [`o${k} * ${step[k]! * strides[k]!}`]));
  const at = [String(offset), ...terms].join(' + ');
  return [ctx.run(indexMapProgram(`slice|${x.dims}`, dims, ['x'], `result = x_at(${at});`), [x], dims)];
};
