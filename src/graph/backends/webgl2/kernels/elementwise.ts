/**
 * The small element-wise kernels: add (also in place, for gradient accumulation),
 * scale and copy. Scale takes its factor as a uniform so one compiled program
 * serves every factor.
 */
import { BackendError, type Storage } from '../../../backend.js';
import { runOne, type KernelContext } from '../kernel-context.js';
import type { GpuProgram } from '../program.js';

export function addProgram(size: number): GpuProgram {
  return { key: `add|${size}`, inputs: ['a', 'b'], outputSize: size, main4: 'result = a_texel(index >> 2) + b_texel(index >> 2);' };
}

export function scaleProgram(size: number): GpuProgram {
  return {
    key: `scale|${size}`,
    inputs: ['a'],
    outputSize: size,
    uniforms: ['factor'],
    main4: 'result = factor * a_texel(index >> 2);',
  };
}

export function copyProgram(size: number): GpuProgram {
  return { key: `copy|${size}`, inputs: ['a'], outputSize: size, main4: 'result = a_texel(index >> 2);' };
}

function sameSize(op: string, a: Storage, b: Storage): void {
  if (a.size !== b.size) throw new BackendError(`webgl2 ${op}: sizes differ, ${a.size} != ${b.size}`);
}

export function add(ctx: KernelContext, a: Storage, b: Storage): Storage {
  sameSize('add', a, b);
  return runOne(ctx, addProgram(a.size), [a, b]);
}

export function addInPlace(ctx: KernelContext, a: Storage, b: Storage): void {
  sameSize('addInPlace', a, b);
  ctx.runInPlace(addProgram(a.size), [a, b], [a]);
}

export function scale(ctx: KernelContext, a: Storage, factor: number): Storage {
  return runOne(ctx, scaleProgram(a.size), [a], { factor });
}

export function copy(ctx: KernelContext, a: Storage): Storage {
  return runOne(ctx, copyProgram(a.size), [a]);
}
