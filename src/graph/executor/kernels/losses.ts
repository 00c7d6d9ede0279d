/**
 * NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss, forward only: per-element
 * losses gathered at the target class (weights per class, ignore_index), reduced by
 * none, sum or mean (mean divides by the total weight applied), as onnx/reference has it.
 */
import { elementCount, type HostTensor } from '../../host-tensor.js';
import type { Kernel, KernelContext } from '../kernel.js';
import { floatData, readInts, tensorOf } from './tensor-values.js';

/** -logp[n, target, d] · weight[target], reduced; `logp` is [N, C, d1…]. */
function negativeLogLikelihood(logp: HostTensor, targetT: HostTensor, weightT: HostTensor | undefined, ctx: KernelContext): HostTensor {
  if (logp.dims.length < 2) ctx.fail(`input has rank ${logp.dims.length}; needs [N, C, …]`);
  const x = floatData(logp, ctx);
  const [n, c] = logp.dims as [number, number];
  const d = elementCount(logp.dims.slice(2));
  const target = readInts(targetT);
  const weight = weightT ? floatData(weightT, ctx, 'weight') : null;
  const ignore = ctx.attrs.int('ignore_index');
  const reduction = ctx.attrs.string('reduction', 'mean');
  const losses = new Float64Array(n * d);
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const t = target[i * d + j]!;
      if (t === ignore) continue;
      if (t < 0 || t >= c) ctx.fail(`target ${t} is not a class in [0, ${c})`);
      const w = weight ? weight[t]! : 1;
      losses[i * d + j] = -x[(i * c + t) * d + j]! * w;
      totalWeight += w;
    }
  }
  if (reduction === 'none') return tensorOf(logp.type, targetT.dims, castTo(logp, losses));
  let sum = 0;
  for (const v of losses) sum += v;
  if (reduction === 'sum') return tensorOf(logp.type, [], castTo(logp, [sum]));
  if (reduction !== 'mean') ctx.fail(`reduction "${reduction}" is not none, sum or mean`);
  const weighted = weight !== null || ignore !== undefined;
  return tensorOf(logp.type, [], castTo(logp, [weighted ? sum / totalWeight : sum / losses.length]));
}

function castTo(like: HostTensor, values: ArrayLike<number>): Float32Array | Float64Array {
  return like.type === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
}

export const negativeLogLikelihoodLoss: Kernel = ([input, target, weight], ctx) => {
  if (!input || !target) return ctx.fail('needs input and target');
  return [negativeLogLikelihood(input, target, weight, ctx)];
};

/** log_softmax over axis 1 of [N, C, d1…], in float64. */
function logSoftmaxOverClasses(scores: HostTensor, ctx: KernelContext): HostTensor {
  const x = floatData(scores, ctx, 'scores');
  const [n, c] = scores.dims as [number, number];
  const d = elementCount(scores.dims.slice(2));
  const out = tensorOf(scores.type, scores.dims);
  const y = out.data as Float32Array;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      let max = -Infinity;
      for (let k = 0; k < c; k++) max = Math.max(max, x[(i * c + k) * d + j]!);
      let sum = 0;
      for (let k = 0; k < c; k++) sum += Math.exp(x[(i * c + k) * d + j]! - max);
      const log = Math.log(sum) + max;
      for (let k = 0; k < c; k++) y[(i * c + k) * d + j] = x[(i * c + k) * d + j]! - log;
    }
  }
  return out;
}

export const softmaxCrossEntropyLoss: Kernel = ([scores, labels, weights], ctx) => {
  if (!scores || !labels) return ctx.fail('needs scores and labels');
  if (scores.dims.length < 2) ctx.fail(`scores have rank ${scores.dims.length}; needs [N, C, …]`);
  const logProb = logSoftmaxOverClasses(scores, ctx);
  return [negativeLogLikelihood(logProb, labels, weights, ctx), logProb];
};
