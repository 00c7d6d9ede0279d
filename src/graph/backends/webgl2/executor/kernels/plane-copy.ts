/**
 * Widening rows to a multiple of 4 (zeros on the right) and cropping them back:
 * the vector bodies need texel-aligned rows, and the copies cost one cheap pass
 * over data the convolution reads many times. Runs the training backend's
 * pad2d program on GpuTensors.
 */
import { pad2dProgram } from '../../kernels/pad2d.js';
import type { GpuKernelContext } from '../gpu-kernel.js';
import type { GpuTensor } from '../gpu-tensor.js';

export const roundUp4 = (n: number): number => Math.ceil(n / 4) * 4;

/** `x` holds planes of [height, width]; the result has rows of `toWidth` (wider: zero-filled; narrower: cropped). */
export function copyRows(ctx: GpuKernelContext, x: GpuTensor, height: number, width: number, toWidth: number, dims: readonly number[]): GpuTensor {
  const planes = x.size / (height * width);
  const program = pad2dProgram({ planes, height, width }, { height, width: toWidth, top: 0, left: 0 });
  return ctx.run(program, [x], dims);
}
