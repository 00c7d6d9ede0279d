/**
 * Softmax and LogSoftmax. From opset 13 they run along one axis (default -1). Before
 * opset 13 the input is coerced to 2-D at `axis` (default 1): each row is everything
 * from `axis` on, flattened. Max-subtracted, so large inputs do not overflow.
 */
import { elementCount } from '../../host-tensor.js';
import type { Kernel, KernelContext } from '../kernel.js';
import { normalizeAxis } from './tensor-values.js';
import { floatInput, floatOutput } from './float-io.js';

function softmaxKernel(log: boolean): Kernel {
  return (inputs, ctx: KernelContext) => {
    const x = floatInput(inputs, 0, 'input', ctx);
    const rank = x.dims.length;
    const legacy = ctx.opset < 13;
    const axis = rank === 0 ? 0 : normalizeAxis(ctx.attrs.int('axis', legacy ? 1 : -1), rank, ctx);
    const outer = elementCount(x.dims.slice(0, axis));
    const size = legacy ? elementCount(x.dims.slice(axis)) : (x.dims[axis] ?? 1);
    const inner = legacy ? 1 : elementCount(x.dims.slice(axis + 1));
    const y = floatOutput(ctx, x.type, x.dims);
    const X = x.data, Y = y.data;
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < inner; j++) {
        const start = o * size * inner + j;
        let max = -Infinity;
        for (let i = 0; i < size; i++) max = Math.max(max, X[start + i * inner]!);
        let sum = 0;
        for (let i = 0; i < size; i++) {
          const e = Math.exp(X[start + i * inner]! - max);
          sum += e;
          if (!log) Y[start + i * inner] = e;
        }
        if (log) {
          // (x - max) first: exact for the largest inputs, where adding log(sum) to max would round.
          const logSum = Math.log(sum);
          for (let i = 0; i < size; i++) Y[start + i * inner] = X[start + i * inner]! - max - logSum;
        } else {
          for (let i = 0; i < size; i++) Y[start + i * inner]! /= sum;
        }
      }
    }
    return [y];
  };
}

export const softmax = softmaxKernel(false);
export const logSoftmax = softmaxKernel(true);
