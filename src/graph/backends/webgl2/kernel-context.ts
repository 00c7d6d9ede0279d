/**
 * What a kernel needs from the backend: run a program into fresh buffers, or into
 * existing buffers in place, and free temporaries. Kernels never touch GL directly.
 */
import type { Storage } from '../../backend.js';
import type { GpuProgram } from './program.js';

export type Uniforms = Readonly<Record<string, number>>;

export interface KernelContext {
  /** Runs `p` over `inputs` and returns one new buffer per program output. */
  run(p: GpuProgram, inputs: readonly Storage[], uniforms?: Uniforms): Storage[];
  /** Runs `p` and makes output i the new contents of `targets[i]` (same sizes). */
  runInPlace(p: GpuProgram, inputs: readonly Storage[], targets: readonly Storage[], uniforms?: Uniforms): void;
  dispose(s: Storage): void;
}

/** Runs a single-output program. */
export function runOne(ctx: KernelContext, p: GpuProgram, inputs: readonly Storage[], uniforms?: Uniforms): Storage {
  return ctx.run(p, inputs, uniforms)[0]!;
}
