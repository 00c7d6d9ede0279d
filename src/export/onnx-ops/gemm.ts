/**
 * Gemm → linear layer. Y = alpha·A'·B' + beta·C with A the activation [N,K]: alpha and
 * transB fold into the [out,in] weight, beta and C into the bias. transA=1 would mix
 * the batch into the features, so it is refused.
 */
import { formatShape } from '../../graph/format-shape.js';
import { channelBias } from './bias.js';
import type { OpDefinition } from './types.js';

export const Gemm: OpDefinition = {
  since: 1,
  inputs: [2, 3],
  outputs: [1, 1],
  attributes: {
    alpha: { kind: 'float' },
    beta: { kind: 'float' },
    transA: { kind: 'int' },
    transB: { kind: 'int' },
  },
  importNode(ctx) {
    const x = ctx.activation(0);
    if (x.shape.length !== 1) ctx.fail(`needs a 2-D [N,features] input, got ${formatShape(['N', ...x.shape])}`);
    if (ctx.attrs.int('transA', 0) !== 0) ctx.fail('transA=1 on the activation is not a linear layer');
    const transB = ctx.attrs.int('transB', 0) !== 0;
    const alpha = ctx.attrs.float('alpha', 1);
    const beta = ctx.attrs.float('beta', 1);
    const b = ctx.floats(1);
    if (b.dims.length !== 2) ctx.fail(`B must be 2-D, got ${formatShape(b.dims)}`);
    const [rows, cols] = b.dims as [number, number];
    const [inFeatures, outFeatures] = transB ? [cols, rows] : [rows, cols];
    if (inFeatures !== x.shape[0]) ctx.fail(`B ${formatShape(b.dims)}${transB ? ' (transB)' : ''} expects ${inFeatures} features, the input has ${x.shape[0]}`);
    const weight = new Float32Array(outFeatures * inFeatures);
    for (let o = 0; o < outFeatures; o++) {
      for (let i = 0; i < inFeatures; i++) {
        weight[o * inFeatures + i] = alpha * b.data[transB ? o * cols + i : i * cols + o]!;
      }
    }
    let bias: Float32Array | null = null;
    if (ctx.input(2)) {
      const c = ctx.floats(2);
      bias = channelBias(c, 2, outFeatures);
      if (!bias) return ctx.fail(`C ${formatShape(c.dims)} is not a per-output bias for [N,${outFeatures}]`);
      for (let o = 0; o < outFeatures; o++) bias[o]! *= beta;
    }
    return [ctx.chain.addLinear(x, { shape: [outFeatures, inFeatures], data: weight }, bias, ctx.label)];
  },
};
