/**
 * MaxPool and AveragePool over any number of spatial axes: pads, auto_pad,
 * strides, dilations, ceil_mode, count_include_pad. 1-D and 2-D windows take the
 * row-window vector body (pool-row-window.ts); others a scalar body where one
 * output element walks its window. The divisor of an average counts either the
 * window positions inside the input, or (count_include_pad) those inside the
 * padded input, which ceil_mode windows can overhang.
 */
import type { GpuProgram } from '../../program.js';
import type { GpuKernel, GpuKernelContext } from '../gpu-kernel.js';
import type { GpuTensor } from '../gpu-tensor.js';
import { copyRows, roundUp4 } from './plane-copy.js';
import { poolRowWindowProgram } from './pool-row-window.js';
import { asPlanar, rowWindowSuits } from './row-window.js';
import { coordinates } from '../tensor-glsl.js';
import { stridesOf } from '../../../../executor/kernels/tensor-values.js';
import { resolveWindow, type SpatialWindow } from '../../../../executor/kernels/spatial-window.js';
import { geometryKey } from './window-key.js';

type Reduction = 'max' | 'average';

export function poolProgram(batchChannels: number, g: SpatialWindow, how: Reduction, includePad: boolean): GpuProgram {
  const rank = g.input.length;
  const outDims = [batchChannels, ...g.output];
  const inStrides = stridesOf(g.input);
  const plane = g.input.reduce((a, b) => a * b, 1);
  const position = (k: number): string => `o${k + 1} * ${g.strides[k]} - ${g.padsBegin[k]} + k${k} * ${g.dilations[k]}`;
  const loops = Array.from({ length: rank }, (_, k) => [
    `for (int k${k} = 0; k${k} < ${g.kernel[k]}; k${k}++) {`,
    `  int i${k} = ${position(k)};`,
    `  if (i${k} < 0 || i${k} >= ${g.input[k]}) continue;`,
  ].join('\n  '));
  const at = ['base', ...Array.from({ length: rank }, (_, k) => `i${k} * ${inStrides[k]}`)].join(' + ');
  const update = how === 'max' ? `acc = max(acc, x_at(${at}));` : `acc += x_at(${at}); count++;`;
  // count_include_pad: per axis, the window positions before the end of the padding
  // (a ceil_mode window may overhang it); the divisor is their product.
  const padded = Array.from({ length: rank }, (_, k) => `
  {
    int n = 0;
    for (int k${k} = 0; k${k} < ${g.kernel[k]}; k${k}++) if (${position(k)} < ${g.input[k]! + g.padsEnd[k]!}) n++;
    divisor *= n;
  }`).join('');
  const finish = how === 'max' ? 'result = acc;' : includePad ? `int divisor = 1;${padded}\n  result = acc / float(divisor);` : 'result = acc / float(count);';
  return {
    key: `pool|${how}|${includePad}|${batchChannels}|${geometryKey(g)}`,
    inputs: ['x'],
    outputSize: outDims.reduce((a, b) => a * b, 1),
    main: `
  ${coordinates('o', outDims)}
  int base = o0 * ${plane};
  float acc = ${how === 'max' ? '-intBitsToFloat(0x7f800000)' : '0.0'};
  int count = 0;
  ${loops.join('\n  ')}
  ${update}
  ${'}'.repeat(rank)}
  ${finish}`,
  };
}

function pool(how: Reduction): GpuKernel {
  return (inputs, ctx) => {
    const x = ctx.gpu(inputs[0]);
    if (!x) return null;
    if (x.dims.length < 3) return ctx.fail(`X [${x.dims}] must be [N,C,spatial...]`);
    const kernel = ctx.attrs.ints('kernel_shape');
    if (!kernel) return ctx.fail('attribute "kernel_shape" is required');
    // The Indices output (int64) is the CPU kernel's job.
    if (how === 'max' && ctx.outputCount > 1) return null;
    const g = resolveWindow(ctx, x.dims.slice(2), kernel, ctx.attrs.int('ceil_mode', 0) === 1);
    const includePad = how === 'average' && ctx.attrs.int('count_include_pad', 0) === 1;
    const [N, C] = x.dims as [number, number];
    const outDims = [N, C, ...g.output];
    const planar = g.input.length === 2 ? g : g.input.length === 1 ? asPlanar(g) : null;
    if (planar && rowWindowSuits(planar)) return [rowWindowPool(ctx, N * C, planar, how, includePad, x, outDims)];
    return [ctx.run(poolProgram(N * C, g, how, includePad), [x], outDims)];
  };
}

/** Rows widened to multiples of 4 (zeros), the vector body, the output cropped back. */
function rowWindowPool(ctx: GpuKernelContext, planes: number, g: SpatialWindow, how: Reduction, includePad: boolean, x: GpuTensor, outDims: number[]): GpuTensor {
  const [H, W] = g.input as [number, number];
  const [OH, OW] = g.output as [number, number];
  const [Wp, OWp] = [roundUp4(W), roundUp4(OW)];
  const xp = Wp === W ? x : copyRows(ctx, x, H, W, Wp, [planes, H, Wp]);
  const program = poolRowWindowProgram(planes, { ...g, input: [H, Wp], output: [OH, OWp] }, W, how, includePad);
  const yp = ctx.run(program, [xp], OWp === OW ? outDims : [planes, OH, OWp]);
  if (xp !== x) ctx.free(xp);
  if (OWp === OW) return yp;
  const y = copyRows(ctx, yp, OH, OWp, OW, outDims);
  ctx.free(yp);
  return y;
}

export const maxPool = pool('max');
export const averagePool = pool('average');

/** GlobalAveragePool / GlobalMaxPool: one output per plane, over all its positions. */
function globalPool(how: Reduction): GpuKernel {
  return (inputs, ctx: GpuKernelContext) => {
    const x = ctx.gpu(inputs[0]);
    if (!x) return null;
    if (x.dims.length < 3) return ctx.fail(`X [${x.dims}] must be [N,C,spatial...]`);
    const [N, C] = x.dims as [number, number];
    const plane = x.size / (N * C);
    const program: GpuProgram = {
      key: `global-pool|${how}|${N * C}|${plane}`,
      inputs: ['x'],
      outputSize: N * C,
      helpers: planeReduction(plane, how),
      main: `  result = reducePlane(index * ${plane});`,
    };
    return [ctx.run(program, [x], [N, C, ...x.dims.slice(2).map(() => 1)])];
  };
}

/** `float reducePlane(int base)`: sum/mean or max of `plane` consecutive elements, a texel at a time when aligned. */
function planeReduction(plane: number, how: Reduction): string {
  const combine = how === 'max' ? (a: string, b: string) => `max(${a}, ${b})` : (a: string, b: string) => `${a} + ${b}`;
  const finish = how === 'max' ? 'acc' : `acc / ${plane}.0`;
  if (plane % 4 === 0) {
    const init = how === 'max' ? `x_texel(base >> 2)` : 'vec4(0.0)';
    const reduce = how === 'max' ? 'max(max(v.x, v.y), max(v.z, v.w))' : 'dot(v, vec4(1.0))';
    return `
float reducePlane(int base) {
  vec4 v = ${init};
  for (int t = 0; t < ${plane / 4}; t++) v = ${combine('v', 'x_texel((base >> 2) + t)')};
  float acc = ${reduce};
  return ${finish};
}`;
  }
  return `
float reducePlane(int base) {
  float acc = x_at(base);
  for (int i = 1; i < ${plane}; i++) acc = ${combine('acc', 'x_at(base + i)')};
  return ${finish};
}`;
}

export const globalAveragePool = globalPool('average');
export const globalMaxPool = globalPool('max');
