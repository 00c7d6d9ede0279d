/** Expand (NumPy broadcast to a shape), Tile (repeats per axis) and Where (select with broadcasting). */
import { elementwiseProgram } from '../elementwise-program.js';
import type { GpuKernel } from '../gpu-kernel.js';
import type { GpuTensor } from '../gpu-tensor.js';
import { dot } from '../tensor-glsl.js';
import { stridesOf } from '../../../../executor/kernels/tensor-values.js';
import { broadcastDims } from '../../../../executor/kernels/broadcast.js';
import { indexMapProgram } from './index-map.js';

const ints = (t: { data: ArrayLike<number | bigint> }): number[] => Array.from(t.data, Number);

export const expand: GpuKernel = ([input, shapeInput], ctx) => {
  const x = ctx.gpu(input);
  const shape = ctx.host(shapeInput);
  if (!x || !shape) return null;
  const dims = broadcastDims([x.dims, ints(shape)], ctx);
  return [ctx.run(elementwiseProgram('expand', [{ name: 'x', dims: x.dims }], dims, '  result = x;'), [x], dims)];
};

export const tile: GpuKernel = ([input, repeatsInput], ctx) => {
  const x = ctx.gpu(input);
  const repeatsTensor = ctx.host(repeatsInput);
  if (!x || !repeatsTensor) return null;
  const repeats = ints(repeatsTensor);
  if (repeats.length !== x.dims.length || repeats.some((r) => r < 0)) return ctx.fail(`repeats [${repeats}] do not fit input [${x.dims}]`);
  const dims = x.dims.map((d, k) => d * repeats[k]!);
  if (dims.some((d) => d === 0)) return [ctx.run(indexMapProgram('empty', dims, [], 'result = 0.0;'), [], dims)];
  const at = dot(x.dims.map((d, k) => (repeats[k] === 1 ? `o${k}` : `(o${k} % ${d})`)), stridesOf(x.dims));
  return [ctx.run(indexMapProgram(`tile|${x.dims}`, dims, ['x'], `result = x_at(${at});`), [x], dims)];
};

/** The bool condition goes up as 0/1 floats. */
export const where: GpuKernel = ([condition, a, b], ctx) => {
  const x = ctx.gpu(a);
  const y = ctx.gpu(b);
  const c = ctx.host(condition);
  if (!x || !y || !c || c.type !== 'bool') return null;
  const mask = ctx.gpu({ type: 'float32', dims: c.dims, data: Float32Array.from(c.data as Uint8Array) }) as GpuTensor;
  const dims = broadcastDims([c.dims, x.dims, y.dims], ctx);
  const operands = [{ name: 'c', dims: c.dims }, { name: 'x', dims: x.dims }, { name: 'y', dims: y.dims }];
  return [ctx.run(elementwiseProgram('where', operands, dims, '  result = mix(y, x, notEqual(c, vec4(0.0)));'), [mask, x, y], dims)];
};
