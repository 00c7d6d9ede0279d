/**
 * The contract of a webgl2 op kernel: the executor's KernelContext plus a way to
 * run GPU programs. Float32 tensors arrive as GpuTensors (host float32 data is
 * uploaded on demand by `gpu`); int64, bool and other host tensors as they are.
 *
 * A kernel returns null, before running anything, for a case it does not cover
 * (float64 data, an int tensor that lives on the GPU, an attribute it lacks): the
 * device then runs the CPU kernel instead and counts the fallback.
 */
import type { HostTensor } from '../../../host-tensor.js';
import type { KernelContext } from '../../../executor/kernel.js';
import type { GpuProgram } from '../program.js';
import type { GpuTensor, Webgl2Value } from './gpu-tensor.js';

export interface GpuKernelContext extends KernelContext {
  /** Runs `program` over `inputs` into a fresh tensor of `dims` (program.outputSize elements). */
  run(program: GpuProgram, inputs: readonly GpuTensor[], dims: readonly number[]): GpuTensor;
  /** Runs a program with several outputs of the same dims (multiple render targets). */
  runMany(program: GpuProgram, inputs: readonly GpuTensor[], dims: readonly number[]): GpuTensor[];
  /** A float32 value as a GpuTensor (host data uploaded), or null for any other type. */
  gpu(value: Webgl2Value | undefined): GpuTensor | null;
  /** A value's host tensor, or null when it lives only on the GPU. */
  host(value: Webgl2Value | undefined): HostTensor | null;
  /** Frees an intermediate the kernel made (inputs are the executor's). */
  free(t: GpuTensor): void;
  /**
   * `make(t)` run once per texture of `t` and kept with it (a packed copy of a
   * weight); the result belongs to `t`: never free it.
   */
  derived(t: GpuTensor, key: string, make: (t: GpuTensor) => GpuTensor): GpuTensor;
}

export type GpuKernel = (inputs: readonly (Webgl2Value | undefined)[], ctx: GpuKernelContext) => Webgl2Value[] | null;
