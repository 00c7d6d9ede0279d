/**
 * Gather on float data (embeddings, picking a row or a channel): the indices are
 * int64 on the host, normalized there (negative counts from the end) and uploaded
 * as floats, exact up to 2^24.
 */
import type { GpuKernel } from '../gpu-kernel.js';
import type { GpuTensor } from '../gpu-tensor.js';
import { indexMapProgram } from './index-map.js';

export const gather: GpuKernel = ([data, indicesInput], ctx) => {
  const x = ctx.gpu(data);
  const indices = ctx.host(indicesInput);
  if (!x || !indices || indices.type === 'float32' || indices.type === 'float64') return null;
  const rank = x.dims.length;
  const raw = ctx.attrs.int('axis', 0);
  if (raw < -rank || raw >= rank) return ctx.fail(`axis ${raw} is out of range for rank ${rank}`);
  const axis = raw < 0 ? raw + rank : raw;
  const size = x.dims[axis]!;
  const positions = Float32Array.from(indices.data as ArrayLike<number | bigint>, (v) => {
    const i = Number(v);
    if (i < -size || i >= size) return ctx.fail(`index ${i} is out of range for axis ${axis} of size ${size}`);
    return i < 0 ? i + size : i;
  });
  const dims = [...x.dims.slice(0, axis), ...indices.dims, ...x.dims.slice(axis + 1)];
  const count = positions.length;
  const inner = x.dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  if (dims.some((d) => d === 0)) return [ctx.run(indexMapProgram('empty', dims, [], 'result = 0.0;'), [], dims)];
  const idx = ctx.gpu({ type: 'float32', dims: [count], data: positions }) as GpuTensor;
  const program = {
    key: `gather|${x.dims}|${axis}|${count}`,
    inputs: ['x', 'idx'],
    outputSize: dims.reduce((a, b) => a * b, 1),
    main: `
  int inner = index % ${inner};
  int rest = index / ${inner};
  int j = rest % ${count};
  int outer = rest / ${count};
  result = x_at((outer * ${size} + int(idx_at(j))) * ${inner} + inner);`,
  };
  return [ctx.run(program, [x, idx], dims)];
};
