/**
 * Activation gradients from the forward output y, which is all both need:
 * sigmoid' = y(1-y), relu' = [y > 0]. Using y avoids keeping x alive for backward.
 */
import type { Storage, UnaryOp } from '../../../backend.js';
import { runOne, type KernelContext } from '../kernel-context.js';
import type { GpuProgram } from '../program.js';

const DERIVATIVE: Record<UnaryOp, string> = {
  sigmoid: 'result = g * v * (1.0 - v);',
  relu: 'result = g * vec4(greaterThan(v, vec4(0.0)));',
};

export function unaryBackwardProgram(op: UnaryOp, size: number): GpuProgram {
  return {
    key: `unaryBackward|${op}|${size}`,
    inputs: ['y', 'dy'],
    outputSize: size,
    main4: `
  vec4 v = y_texel(index >> 2);
  vec4 g = dy_texel(index >> 2);
  ${DERIVATIVE[op]}`,
  };
}

export function unaryBackward(ctx: KernelContext, op: UnaryOp, y: Storage, dy: Storage): Storage {
  return runOne(ctx, unaryBackwardProgram(op, y.size), [y, dy]);
}
