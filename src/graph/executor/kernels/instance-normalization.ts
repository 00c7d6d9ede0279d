/**
 * InstanceNormalization (ONNX opsets 1-22): each (n, c) plane normalized by its own
 * mean and population variance, then scaled and shifted per channel.
 */
import { elementCount } from '../../host-tensor.js';
import type { Kernel } from '../kernel.js';
import { floatInput, floatOutput } from './float-io.js';

export const instanceNormalization: Kernel = (inputs, ctx) => {
  const x = floatInput(inputs, 0, 'input', ctx), scale = floatInput(inputs, 1, 'scale', ctx), bias = floatInput(inputs, 2, 'B', ctx);
  if (x.dims.length < 3) return ctx.fail(`input is [${x.dims.join(',')}]; expected [N, C, D1, ...]`);
  const [batch, channels] = x.dims as [number, number];
  if (scale.data.length !== channels || bias.data.length !== channels)
    return ctx.fail(`scale and B have ${scale.data.length} and ${bias.data.length} values; expected ${channels}, one per channel`);
  const epsilon = ctx.attrs.float('epsilon', 1e-5);
  const plane = elementCount(x.dims.slice(2));
  const y = floatOutput(ctx, x.type, x.dims);
  const X = x.data, Y = y.data;
  for (let p = 0; p < batch * channels; p++) {
    const start = p * plane, end = start + plane;
    let sum = 0;
    for (let i = start; i < end; i++) sum += X[i]!;
    const mean = sum / plane;
    let sq = 0;
    for (let i = start; i < end; i++) sq += (X[i]! - mean) ** 2;
    const c = p % channels;
    const k = scale.data[c]! / Math.sqrt(sq / plane + epsilon), b = bias.data[c]!;
    for (let i = start; i < end; i++) Y[i] = (X[i]! - mean) * k + b;
  }
  return [y];
};
