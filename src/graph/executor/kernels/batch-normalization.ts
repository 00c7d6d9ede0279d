/**
 * BatchNormalization, ONNX opsets 1-15: inference with the running statistics, and the
 * training-mode forward (batch statistics, updated running statistics) where the model
 * asks for it: is_test = 0 before opset 7, extra outputs in opsets 7-13, training_mode
 * from opset 14 (onnx/reference/ops/op_batch_normalization.py). Before opset 9,
 * spatial = 0 gives one statistic per element of a sample ([C, D1, ...]) instead of one
 * per channel.
 */
import { elementCount } from '../../host-tensor.js';
import type { Kernel, KernelContext } from '../kernel.js';
import { floatInput, floatOutput, type FloatArray, type FloatTensor } from './float-io.js';

function trainingMode(ctx: KernelContext): boolean {
  if (ctx.opset >= 14) return ctx.attrs.int('training_mode', 0) === 1;
  if (ctx.opset < 7) return ctx.attrs.int('is_test', 0) === 0 && ctx.outputCount > 1;
  return ctx.outputCount > 1;
}

/** y = (x - mean[p]) · scale[p] / sqrt(var[p] + eps) + bias[p], p the parameter index of each element. */
function normalize(x: FloatArray, y: FloatArray, scale: FloatArray, bias: FloatArray, mean: ArrayLike<number>, variance: ArrayLike<number>,
  epsilon: number, batch: number, params: number, repeat: number): void {
  for (let n = 0, i = 0; n < batch; n++) {
    for (let p = 0; p < params; p++) {
      const k = scale[p]! / Math.sqrt(variance[p]! + epsilon), m = mean[p]!, b = bias[p]!;
      for (let r = 0; r < repeat; r++, i++) y[i] = (x[i]! - m) * k + b;
    }
  }
}

/** Per-parameter mean and population variance over the batch and the repeated positions. */
function batchStatistics(x: FloatArray, batch: number, params: number, repeat: number): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(params), variance = new Float64Array(params);
  const count = batch * repeat;
  for (let p = 0; p < params; p++) {
    let sum = 0;
    for (let n = 0; n < batch; n++) for (let i = (n * params + p) * repeat, e = i + repeat; i < e; i++) sum += x[i]!;
    const m = sum / count;
    let sq = 0;
    for (let n = 0; n < batch; n++) for (let i = (n * params + p) * repeat, e = i + repeat; i < e; i++) sq += (x[i]! - m) ** 2;
    mean[p] = m;
    variance[p] = sq / count;
  }
  return { mean, variance };
}

export const batchNormalization: Kernel = (inputs, ctx) => {
  const x = floatInput(inputs, 0, 'X', ctx);
  const [scale, bias, mean, variance] = (['scale', 'B', 'input_mean', 'input_var'] as const).map((role, i) => floatInput(inputs, i + 1, role, ctx)) as
    [FloatTensor, FloatTensor, FloatTensor, FloatTensor];
  if (x.dims.length < 2) return ctx.fail(`X is [${x.dims.join(',')}]; expected [N, C, ...]`);
  const batch = x.dims[0]!;
  const perElement = ctx.opset < 9 && ctx.attrs.int('spatial', 1) === 0;
  const params = perElement ? elementCount(x.dims.slice(1)) : x.dims[1]!;
  const repeat = perElement ? 1 : elementCount(x.dims.slice(2));
  for (const [role, t] of [['scale', scale], ['B', bias], ['input_mean', mean], ['input_var', variance]] as const)
    if (t.data.length !== params) return ctx.fail(`${role} has ${t.data.length} values; expected ${params} (${perElement ? 'one per element of a sample, spatial = 0' : 'one per channel'})`);
  const epsilon = ctx.attrs.float('epsilon', 1e-5);
  const y = floatOutput(ctx, x.type, x.dims);
  if (!trainingMode(ctx)) {
    normalize(x.data, y.data, scale.data, bias.data, mean.data, variance.data, epsilon, batch, params, repeat);
    return [y];
  }
  const momentum = ctx.attrs.float('momentum', 0.9);
  const saved = batchStatistics(x.data, batch, params, repeat);
  normalize(x.data, y.data, scale.data, bias.data, saved.mean, saved.variance, epsilon, batch, params, repeat);
  const statDims = perElement ? x.dims.slice(1) : [params];
  const stat = (values: ArrayLike<number>) => {
    const t = floatOutput(ctx, x.type, statDims);
    for (let p = 0; p < params; p++) t.data[p] = values[p]!;
    return t;
  };
  const running = (old: FloatArray, current: Float64Array) => Float64Array.from(old, (v, p) => v * momentum + current[p]! * (1 - momentum));
  const runningMean = stat(running(mean.data, saved.mean)), runningVar = stat(running(variance.data, saved.variance));
  // Opset 14: Y, running_mean, running_var. Earlier: Y, mean, var, saved_mean, saved_var.
  return ctx.opset >= 14 ? [y, runningMean, runningVar] : [y, runningMean, runningVar, stat(saved.mean), stat(saved.variance)];
};
