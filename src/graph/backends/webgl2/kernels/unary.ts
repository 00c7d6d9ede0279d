/** Element-wise activations: sigmoid and ReLU, four elements per fragment. */
import type { Storage, UnaryOp } from '../../../backend.js';
import { runOne, type KernelContext } from '../kernel-context.js';
import type { GpuProgram } from '../program.js';

const FORWARD: Record<UnaryOp, string> = {
  // exp(-v) overflows to +inf for v < -88, and 1/(1+inf) = 0 is the right limit.
  sigmoid: 'result = 1.0 / (1.0 + exp(-v));',
  relu: 'result = max(v, vec4(0.0));',
};

export function unaryProgram(op: UnaryOp, size: number): GpuProgram {
  return {
    key: `unary|${op}|${size}`,
    inputs: ['x'],
    outputSize: size,
    main4: `
  vec4 v = x_texel(index >> 2);
  ${FORWARD[op]}`,
  };
}

export function unary(ctx: KernelContext, op: UnaryOp, x: Storage): Storage {
  return runOne(ctx, unaryProgram(op, x.size), [x]);
}
