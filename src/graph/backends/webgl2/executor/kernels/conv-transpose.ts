/**
 * ConvTranspose over any number of spatial axes (groups, strides, dilations, pads,
 * output_padding, output_shape, auto_pad), written as a gather: output position o
 * receives x[i]·w[k] for every kernel tap k with o = i·stride − pad + k·dilation,
 * i.e. where (o + pad − k·dilation) is a multiple of the stride inside the input.
 */
import type { GpuProgram } from '../../program.js';
import type { GpuKernel, GpuKernelContext } from '../gpu-kernel.js';
import { coordinates, stridesOf } from '../tensor-glsl.js';

interface TransposedWindow {
  input: number[];
  kernel: number[];
  strides: number[];
  dilations: number[];
  padsBegin: number[];
  output: number[];
}

function transposedWindow(ctx: GpuKernelContext, input: readonly number[], kernel: readonly number[]): TransposedWindow {
  const n = input.length;
  const ones = new Array<number>(n).fill(1);
  const strides = [...ctx.attrs.ints('strides', ones)];
  const dilations = [...ctx.attrs.ints('dilations', ones)];
  const outputPadding = ctx.attrs.ints('output_padding', new Array<number>(n).fill(0));
  const outputShape = ctx.attrs.ints('output_shape');
  const autoPad = ctx.attrs.string('auto_pad', 'NOTSET');
  let pads = [...ctx.attrs.ints('pads', new Array<number>(2 * n).fill(0))];
  const full = (i: number) => strides[i]! * (input[i]! - 1) + outputPadding[i]! + (kernel[i]! - 1) * dilations[i]! + 1;
  let output: number[];
  if (outputShape || autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    const wanted = outputShape ? outputShape.slice(-n) : input.map((d, i) => d * strides[i]!);
    pads = new Array<number>(2 * n).fill(0);
    wanted.forEach((o, i) => {
      const total = Math.max(0, full(i) - o);
      const half = Math.floor(total / 2);
      // SAME_UPPER puts the odd pad at the end (onnxruntime and the ONNX reference agree).
      pads[i] = autoPad === 'SAME_UPPER' ? half : total - half;
      pads[i + n] = total - pads[i]!;
    });
    output = [...wanted];
  } else {
    if (autoPad === 'VALID') pads = new Array<number>(2 * n).fill(0);
    output = input.map((_, i) => full(i) - pads[i]! - pads[i + n]!);
  }
  return { input: [...input], kernel: [...kernel], strides, dilations, padsBegin: pads.slice(0, n), output };
}

function convTransposeProgram(batch: number, inChannels: number, outChannels: number, group: number, w: TransposedWindow, hasBias: boolean): GpuProgram {
  const rank = w.input.length;
  const cg = inChannels / group;
  const mg = outChannels / group;
  const outDims = [batch, outChannels, ...w.output];
  const inStrides = stridesOf(w.input);
  const kStrides = stridesOf(w.kernel);
  const inPlane = w.input.reduce((a, b) => a * b, 1);
  const kPlane = w.kernel.reduce((a, b) => a * b, 1);
  const loops = Array.from({ length: rank }, (_, k) => `
    for (int k${k} = 0; k${k} < ${w.kernel[k]}; k${k}++) {
      int t${k} = o${k + 2} + ${w.padsBegin[k]} - k${k} * ${w.dilations[k]};
      if (t${k} < 0 || t${k} % ${w.strides[k]} != 0) continue;
      int i${k} = t${k} / ${w.strides[k]};
      if (i${k} >= ${w.input[k]}) continue;`).join('');
  const xAt = ['xPlane', ...Array.from({ length: rank }, (_, k) => `i${k} * ${inStrides[k]}`)].join(' + ');
  const wAt = ['wPlane', ...Array.from({ length: rank }, (_, k) => `k${k} * ${kStrides[k]}`)].join(' + ');
  return {
    key: `conv-transpose|${batch},${inChannels},${outChannels},${group},${hasBias}|${JSON.stringify(w)}`,
    inputs: hasBias ? ['x', 'w', 'b'] : ['x', 'w'],
    outputSize: outDims.reduce((a, b) => a * b, 1),
    main: `
  ${coordinates('o', outDims)}
  int grp = o1 / ${mg};
  int mLocal = o1 % ${mg};
  float acc = ${hasBias ? 'b_at(o1)' : '0.0'};
  for (int c = 0; c < ${cg}; c++) {
    int channel = grp * ${cg} + c;
    int xPlane = (o0 * ${inChannels} + channel) * ${inPlane};
    int wPlane = (channel * ${mg} + mLocal) * ${kPlane};
    ${loops}
    acc += x_at(${xAt}) * w_at(${wAt});
    ${'}'.repeat(rank)}
  }
  result = acc;`,
  };
}

export const convTranspose: GpuKernel = (inputs, ctx) => {
  const x = ctx.gpu(inputs[0]);
  const w = ctx.gpu(inputs[1]);
  const b = inputs[2] ? ctx.gpu(inputs[2]) : null;
  if (!x || !w || (inputs[2] && !b)) return null;
  const rank = x.dims.length - 2;
  if (rank < 1 || w.dims.length !== x.dims.length) return ctx.fail(`X [${x.dims}] and W [${w.dims}] must both be [N,C,spatial...]`);
  const group = ctx.attrs.int('group', 1);
  const [N, C] = x.dims as [number, number];
  if (w.dims[0] !== C || C % group !== 0) return ctx.fail(`W [${w.dims}] must start with X's ${C} channels (group ${group})`);
  const M = w.dims[1]! * group;
  const win = transposedWindow(ctx, x.dims.slice(2), ctx.attrs.ints('kernel_shape', w.dims.slice(2)));
  if (win.output.some((o) => o <= 0)) return ctx.fail(`output size [${win.output}] is empty`);
  return [ctx.run(convTransposeProgram(N, C, M, group, win, b !== null), b ? [x, w, b] : [x, w], [N, M, ...win.output])];
};
