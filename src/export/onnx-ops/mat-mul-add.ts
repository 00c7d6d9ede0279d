/**
 * MatMul by a constant [in,out] matrix → linear layer (weight transposed to [out,in]),
 * and Add of a constant right after a linear/conv layer → folded into its bias. That
 * pair is how many exporters spell a fully connected layer.
 */
import { formatShape } from '../../graph/format-shape.js';
import { channelBias } from './bias.js';
import type { OpDefinition } from './types.js';

export const MatMul: OpDefinition = {
  since: 1,
  inputs: [2, 2],
  outputs: [1, 1],
  attributes: {},
  importNode(ctx) {
    if (ctx.input(1)?.kind === 'activation') ctx.fail('only activation × constant matrix is supported');
    const x = ctx.activation(0);
    if (x.shape.length !== 1) ctx.fail(`needs a 2-D [N,features] input, got ${formatShape(['N', ...x.shape])}`);
    const b = ctx.floats(1);
    if (b.dims.length !== 2 || b.dims[0] !== x.shape[0]) {
      ctx.fail(`B ${formatShape(b.dims)} must be [${x.shape[0]},out] to multiply [N,${x.shape[0]}]`);
    }
    const [inFeatures, outFeatures] = b.dims as [number, number];
    const weight = new Float32Array(outFeatures * inFeatures);
    for (let o = 0; o < outFeatures; o++) {
      for (let i = 0; i < inFeatures; i++) weight[o * inFeatures + i] = b.data[i * outFeatures + o]!;
    }
    return [ctx.chain.addLinear(x, { shape: [outFeatures, inFeatures], data: weight }, null, ctx.label)];
  },
};

export const Add: OpDefinition = {
  since: 1,
  inputs: [2, 2],
  outputs: [1, 1],
  attributes: {},
  importNode(ctx) {
    const activationIndex = ctx.input(0)?.kind === 'activation' ? 0 : 1;
    if (ctx.input(1 - activationIndex)?.kind !== 'constant') ctx.fail('only adding a constant (a bias) is supported');
    const x = ctx.activation(activationIndex);
    const layer = ctx.chain.biasTarget(x);
    if (!layer) return ctx.fail('only a bias added right after Gemm/MatMul/Conv can be imported');
    const c = ctx.floats(1 - activationIndex);
    const channels = layer.kind === 'conv2d' ? layer.outChannels : layer.outFeatures;
    const bias = channelBias(c, x.shape.length + 1, channels);
    if (!bias) return ctx.fail(`${formatShape(c.dims)} is not a per-channel bias for ${formatShape(['N', ...x.shape])}`);
    ctx.chain.addToBias(layer, bias);
    return [{ ...x, consumer: null }];
  },
};
