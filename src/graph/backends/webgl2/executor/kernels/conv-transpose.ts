/**
 * ConvTranspose over any number of spatial axes (groups, strides, dilations, pads,
 * output_padding, output_shape, auto_pad: the CPU kernel's geometry), written as a gather: output position o
 * receives x[i]·w[k] for every kernel tap k with o = i·stride − pad + k·dilation,
 * i.e. where (o + pad − k·dilation) is a multiple of the stride inside the input.
 */
import type { GpuProgram } from '../../program.js';
import { transposeGeometry, type TransposeGeometry } from '../../../../executor/kernels/conv-transpose.js';
import type { GpuKernel } from '../gpu-kernel.js';
import { coordinates } from '../tensor-glsl.js';
import { stridesOf } from '../../../../executor/kernels/tensor-values.js';

function convTransposeProgram(w: TransposeGeometry, hasBias: boolean): GpuProgram {
  const { batch, inChannels, outChannels, group } = w;
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
    key: `conv-transpose|${hasBias}|${JSON.stringify(w)}`,
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
  const g = transposeGeometry(x, w, b ?? undefined, ctx);
  return [ctx.run(convTransposeProgram(g, b !== null), b ? [x, w, b] : [x, w], [g.batch, g.outChannels, ...g.output])];
};
