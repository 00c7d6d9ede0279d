/** Split along an axis: one copy program per output (outputs differ in size, so no shared render pass). */
import { splitSizes } from '../../../../executor/kernels/split.js';
import type { GpuKernel } from '../gpu-kernel.js';
import { indexMapProgram } from './index-map.js';

export const split: GpuKernel = ([input, splitInput], ctx) => {
  const x = ctx.gpu(input);
  if (!x) return null;
  const sizesTensor = splitInput ? ctx.host(splitInput) : null;
  if (splitInput && !sizesTensor) return null;
  const rank = x.dims.length;
  const raw = ctx.attrs.int('axis', 0);
  if (raw < -rank || raw >= rank) return ctx.fail(`axis ${raw} is out of range for rank ${rank}`);
  const axis = raw < 0 ? raw + rank : raw;
  const sizes: number[] = splitSizes(x.dims, axis, sizesTensor ?? undefined, ctx);
  const length = x.dims[axis]!;
  const inner = x.dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  let start = 0;
  return sizes.map((size) => {
    const dims = x.dims.map((d, k) => (k === axis ? size : d));
    const first = start;
    start += size;
    if (dims.some((d) => d === 0)) return ctx.run(indexMapProgram('empty', dims, [], 'result = 0.0;'), [], dims);
    const body = `
  int inner = index % ${inner};
  int rest = index / ${inner};
  result = x_at(((rest / ${size}) * ${length} + rest % ${size} + ${first}) * ${inner} + inner);`;
    return ctx.run({ key: `split|${x.dims}|${axis}|${first},${size}`, inputs: ['x'], outputSize: dims.reduce((a, b) => a * b, 1), main: body }, [x], dims);
  });
};
