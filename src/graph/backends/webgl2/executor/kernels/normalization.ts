/**
 * BatchNormalization (inference), InstanceNormalization and LayerNormalization:
 * per-channel or per-row statistics, then one element-wise pass
 * (x − mean) · invstd · scale + bias with the parameters broadcast.
 */
import { glslFloat } from '../../program.js';
import { elementwiseProgram } from '../elementwise-program.js';
import type { GpuKernel, GpuKernelContext } from '../gpu-kernel.js';
import type { GpuTensor } from '../gpu-tensor.js';
import { rowStatisticsProgram } from './row-statistics.js';

/** A [C] parameter seen as [C,1,...,1] so it broadcasts along axis 1 of a rank-`rank` tensor. */
function channelView(p: GpuTensor, rank: number): GpuTensor {
  return p.view([...p.dims, ...new Array<number>(Math.max(0, rank - 1 - p.dims.length)).fill(1)]);
}

/** Runs `body` over operands a0..; the views made for broadcasting are freed after. */
function normalize(ctx: GpuKernelContext, key: string, x: GpuTensor, operands: GpuTensor[], body: string): GpuTensor {
  const all = [x, ...operands];
  return ctx.run(elementwiseProgram(key, all.map((t, i) => ({ name: `a${i}`, dims: t.dims })), x.dims, body), all, x.dims);
}

export const batchNormalization: GpuKernel = (inputs, ctx) => {
  const [x, scale, bias, mean, variance] = inputs.slice(0, 5).map((v) => ctx.gpu(v));
  if (!x || !scale || !bias || !mean || !variance) return null;
  // Training mode, or the running statistics as extra outputs: the CPU kernel's job.
  if (ctx.outputCount > 1 || (ctx.opset >= 14 && ctx.attrs.int('training_mode', 0) === 1)) return null;
  const perActivation = ctx.opset < 9 && ctx.attrs.int('spatial', 1) === 0;
  const params = [scale, bias, mean, variance].map((p) => (perActivation ? p.view(p.dims) : channelView(p, x.dims.length)));
  const eps = glslFloat(ctx.attrs.float('epsilon', 1e-5));
  try {
    return [normalize(ctx, `batch-norm|${eps}`, x, params, `  result = (a0 - a3) * (a1 / sqrt(a4 + ${eps})) + a2;`)];
  } finally {
    for (const p of params) ctx.free(p);
  }
};

export const instanceNormalization: GpuKernel = (inputs, ctx) => {
  const [x, scale, bias] = inputs.slice(0, 3).map((v) => ctx.gpu(v));
  if (!x || !scale || !bias) return null;
  if (x.dims.length < 3) return ctx.fail(`input [${x.dims}] must be [N,C,spatial...]`);
  const [N, C] = x.dims as [number, number];
  const statsDims = [N, C, ...x.dims.slice(2).map(() => 1)];
  const [mean, invstd] = ctx.runMany(rowStatisticsProgram(N * C, x.size / (N * C), ctx.attrs.float('epsilon', 1e-5)), [x], statsDims);
  const params = [scale, bias].map((p) => channelView(p, x.dims.length));
  try {
    return [normalize(ctx, 'instance-norm', x, [mean!, invstd!, ...params], '  result = (a0 - a1) * a2 * a3 + a4;')];
  } finally {
    for (const t of [mean!, invstd!, ...params]) ctx.free(t);
  }
};

/** Also returns Mean and InvStdDev, shaped [d0..d(axis-1), 1, ..., 1]. */
export const layerNormalization: GpuKernel = (inputs, ctx) => {
  const x = ctx.gpu(inputs[0]);
  const scale = ctx.gpu(inputs[1]);
  const bias = inputs[2] ? ctx.gpu(inputs[2]) : null;
  if (!x || !scale || (inputs[2] && !bias)) return null;
  const rank = x.dims.length;
  const raw = ctx.attrs.int('axis', -1);
  if (raw < -rank || raw >= rank) return ctx.fail(`axis ${raw} is out of range for rank ${rank}`);
  const axis = raw < 0 ? raw + rank : raw;
  const rows = x.dims.slice(0, axis).reduce((a, b) => a * b, 1);
  const statsDims = [...x.dims.slice(0, axis), ...x.dims.slice(axis).map(() => 1)];
  const [mean, invstd] = ctx.runMany(rowStatisticsProgram(rows, x.size / Math.max(rows, 1), ctx.attrs.float('epsilon', 1e-5)), [x], statsDims);
  const operands = [mean!, invstd!, scale, ...(bias ? [bias] : [])];
  const y = normalize(ctx, `layer-norm|${bias !== null}`, x, operands, `  result = (a0 - a1) * a2 * a3${bias ? ' + a4' : ''};`);
  return [y, mean!, invstd!];
};
