/**
 * Conv: 1-D, 2-D and more spatial axes, groups (depthwise included), dilations,
 * strides, pads and auto_pad. Routes, fastest first:
 *  - 1x1, stride 1, unpadded, one group: a matrix product per image (conv-pointwise.ts);
 *  - 2-D (1-D as height 1): the row-window vector body (conv-row-window.ts), rows
 *    widened to multiples of 4 and the output cropped when needed;
 *  - anything else: the scalar body (conv-scalar.ts).
 * Where output channels come in fours (and each shares its input with others),
 * a fragment computes four channels into four render targets, interleaved after:
 * on SwiftShader, fetches cost more than arithmetic, and this shares them.
 */
import type { GpuKernel, GpuKernelContext } from '../gpu-kernel.js';
import type { GpuTensor } from '../gpu-tensor.js';
import { convPointwiseBlockedProgram, convPointwiseProgram, interleaveChannelsProgram } from './conv-pointwise.js';
import { convRowWindowProgram, packWeightsProgram } from './conv-row-window.js';
import { asPlanar, rowWindowSuits } from './row-window.js';
import { convScalarProgram, type ConvShape } from './conv-scalar.js';
import { copyRows, roundUp4 } from './plane-copy.js';
import { resolveWindow } from '../../../../executor/kernels/spatial-window.js';

/** Conv, its output clamped to `clamp` in the same pass when given (a Relu or Clip folded in). */
export const convKernel = (clamp: readonly [number, number] | null): GpuKernel => (inputs, ctx) => {
  const x = ctx.gpu(inputs[0]);
  const w = ctx.gpu(inputs[1]);
  const b = inputs[2] ? ctx.gpu(inputs[2]) : null;
  if (!x || !w || (inputs[2] && !b)) return null;
  const rank = x.dims.length - 2;
  if (rank < 1 || w.dims.length !== x.dims.length) return ctx.fail(`X [${x.dims}] and W [${w.dims}] must both be [N,C,spatial...]`);
  const group = ctx.attrs.int('group', 1);
  const [N, C] = x.dims as [number, number];
  const M = w.dims[0]!;
  if (C !== w.dims[1]! * group || M % group !== 0) return ctx.fail(`X has ${C} channels, W [${w.dims}] with group ${group} needs ${w.dims[1]! * group}`);
  const g = resolveWindow(ctx, x.dims.slice(2), ctx.attrs.ints('kernel_shape', w.dims.slice(2)));
  const shape: ConvShape = { batch: N, inChannels: C, outChannels: M, group, g, hasBias: b !== null, clamp };
  const outDims = [N, M, ...g.output];
  const args = (xs: GpuTensor): GpuTensor[] => (b ? [xs, w, b] : [xs, w]);
  if (isPointwise(shape)) return [pointwise(ctx, shape, x, args, outDims)];
  const planar = rank === 1 ? asPlanar(g) : rank === 2 ? g : null;
  if (planar && rowWindowSuits(planar)) return [rowWindow(ctx, { ...shape, g: planar }, x, w, b, outDims)];
  return [ctx.run(convScalarProgram(shape), args(x), outDims)];
};

export const conv = convKernel(null);

function isPointwise(s: ConvShape): boolean {
  const { g } = s;
  return s.group === 1 && g.kernel.every((k) => k === 1) && g.strides.every((v) => v === 1) && [...g.padsBegin, ...g.padsEnd].every((p) => p === 0);
}

function pointwise(ctx: GpuKernelContext, s: ConvShape, x: GpuTensor, args: (xs: GpuTensor) => GpuTensor[], outDims: number[]): GpuTensor {
  const P = s.g.input.reduce((a, c) => a * c, 1);
  const P4 = roundUp4(P);
  const shape = (positions: number) => ({ batch: s.batch, inChannels: s.inChannels, outChannels: s.outChannels, positions, hasBias: s.hasBias, clamp: s.clamp });
  const blocked = s.inChannels % 4 === 0 && s.outChannels % 4 === 0;
  const run = (xs: GpuTensor, positions: number, dims: number[]): GpuTensor => {
    if (!blocked) return ctx.run(convPointwiseProgram(shape(positions)), args(xs), dims);
    const parts = ctx.runMany(convPointwiseBlockedProgram(shape(positions)), args(xs), [s.batch, s.outChannels / 4, positions]);
    const y = ctx.run(interleaveChannelsProgram(s.batch, s.outChannels, positions), parts, dims);
    for (const t of parts) ctx.free(t);
    return y;
  };
  if (P === P4) return run(x, P, outDims);
  const xp = copyRows(ctx, x, 1, P, P4, [s.batch, s.inChannels, P4]);
  const yp = run(xp, P4, [s.batch, s.outChannels, P4]);
  ctx.free(xp);
  const y = copyRows(ctx, yp, 1, P4, P, outDims);
  ctx.free(yp);
  return y;
}

function rowWindow(ctx: GpuKernelContext, s: ConvShape, x: GpuTensor, w: GpuTensor, b: GpuTensor | null, outDims: number[]): GpuTensor {
  const [H, W] = s.g.input as [number, number];
  const [OH, OW] = s.g.output as [number, number];
  const Wp = roundUp4(W);
  const OWp = roundUp4(OW);
  const aligned: ConvShape = { ...s, g: { ...s.g, input: [H, Wp], output: [OH, OWp] } };
  const xp = Wp === W ? x : copyRows(ctx, x, H, W, Wp, [s.batch, s.inChannels, H, Wp]);
  const yDims = OWp === OW ? outDims : [s.batch, s.outChannels, OH, OWp];
  // Depthwise convolutions (one input channel per group) have no input texel to share.
  const blocked = (s.outChannels / s.group) % 4 === 0 && s.inChannels / s.group > 1;
  // A 1-D kernel [M, Cg, K] packs as [M, Cg, 1, K].
  const wDims = [w.dims[0]!, w.dims[1]!, ...s.g.kernel];
  const packed = ctx.derived(w, `row-window|${blocked}`, (t) => {
    const program = packWeightsProgram(wDims, blocked);
    return ctx.run(program, [t], [program.outputSize]);
  });
  const inputs = b ? [xp, packed, b] : [xp, packed];
  let yp: GpuTensor;
  if (blocked) {
    const parts = ctx.runMany(convRowWindowProgram(aligned, true), inputs, [s.batch, s.outChannels / 4, OH, OWp]);
    yp = ctx.run(interleaveChannelsProgram(s.batch, s.outChannels, OH * OWp), parts, yDims);
    for (const t of parts) ctx.free(t);
  } else yp = ctx.run(convRowWindowProgram(aligned), inputs, yDims);
  if (xp !== x) ctx.free(xp);
  if (OWp === OW) return yp;
  const y = copyRows(ctx, yp, OH, OWp, OW, outDims);
  ctx.free(yp);
  return y;
}
