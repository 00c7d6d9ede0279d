/** Identity, and Dropout at inference: the input unchanged, and a mask that keeps everything. */
import type { Kernel } from '../kernel.js';
import { tensorOf } from './tensor-values.js';

export const identity: Kernel = ([x], ctx) => {
  if (!x) return ctx.fail('input is required');
  return [x];
};

/** training_mode (opset 12's third input) only with ratio 0, where it changes nothing: the engine draws no random masks. */
export const dropout: Kernel = ([x, ratio, trainingMode], ctx) => {
  if (!x) return ctx.fail('input is required');
  const p = ctx.opset < 12 ? ctx.attrs.float('ratio', 0.5) : ratio ? Number(ratio.data[0]) : 0.5;
  if (trainingMode && trainingMode.data[0] && p !== 0) return ctx.fail(`training_mode with ratio ${p}; the engine runs inference only`);
  const mask = tensorOf('bool', x.dims);
  (mask.data as Uint8Array).fill(1);
  return [x, mask];
};
