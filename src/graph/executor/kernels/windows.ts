/** HannWindow, HammingWindow and BlackmanWindow (periodic or symmetric), in the requested float type. */
import type { Kernel } from '../kernel.js';
import { elementTypeOfCode, scalarValue, tensorOf } from './tensor-values.js';

function windowKernel(shape: (phase: number) => number): Kernel {
  return ([sizeT], ctx) => {
    if (!sizeT) return ctx.fail('size is required');
    const size = scalarValue(sizeT, ctx, 'size');
    const code = ctx.attrs.int('output_datatype', 1);
    const type = elementTypeOfCode(code, ctx, 'output_datatype');
    const span = ctx.attrs.int('periodic', 1) === 1 ? size : size - 1;
    const out = tensorOf(ctx.floatStorage(type), [size]);
    for (let n = 0; n < size; n++) out.data[n] = shape((2 * Math.PI * n) / span);
    return [out];
  };
}

export const hannWindow = windowKernel((p) => 0.5 - 0.5 * Math.cos(p));
export const hammingWindow = windowKernel((p) => 25 / 46 - (21 / 46) * Math.cos(p));
export const blackmanWindow = windowKernel((p) => 0.42 - 0.5 * Math.cos(p) + 0.08 * Math.cos(2 * p));
