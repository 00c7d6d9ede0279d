/** Elementwise maps of one tensor, the building block of unary-math.ts and activations.ts. */
import { isBigIntType, isFloatType, type HostTensor } from '../../host-tensor.js';
import type { Kernel, KernelContext } from '../kernel.js';
import { tensorOf } from './tensor-values.js';

export function mapFloat(x: HostTensor, f: (v: number) => number, ctx: KernelContext): HostTensor {
  if (!isFloatType(x.type)) return ctx.fail(`input is ${x.type}; this op takes float types`);
  const out = tensorOf(x.type, x.dims);
  const src = x.data as Float32Array;
  const dst = out.data as Float32Array;
  for (let i = 0; i < src.length; i++) dst[i] = f(src[i]!);
  return out;
}

/** A float-only op; `make` reads the node's attributes once per call. */
export function floatUnary(make: (ctx: KernelContext) => (v: number) => number): Kernel {
  return ([x], ctx) => {
    if (!x) return ctx.fail('input is required');
    return [mapFloat(x, make(ctx), ctx)];
  };
}

/** An op defined on floats and signed/unsigned integers (int64 through `big`). */
export function numericUnary(f: (v: number) => number, big: (v: bigint) => bigint): Kernel {
  return ([x], ctx) => {
    if (!x) return ctx.fail('input is required');
    if (x.type === 'bool') return ctx.fail('input is bool; this op takes numbers');
    const out = tensorOf(x.type, x.dims);
    if (isBigIntType(x.type)) {
      const src = x.data as BigInt64Array;
      const dst = out.data as BigInt64Array;
      for (let i = 0; i < src.length; i++) dst[i] = big(src[i]!);
    } else {
      const src = x.data as Float32Array;
      const dst = out.data as Float32Array;
      for (let i = 0; i < src.length; i++) dst[i] = f(src[i]!);
    }
    return [out];
  };
}
