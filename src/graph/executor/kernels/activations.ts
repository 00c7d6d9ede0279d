/**
 * Relu, LeakyRelu, PRelu, Elu, Selu, Sigmoid, HardSigmoid, HardSwish, Tanh, Softplus,
 * Softsign, Clip, with ONNX's attribute names and defaults.
 */
import { isBigIntType, type HostTensor } from '../../host-tensor.js';
import type { Kernel, KernelContext } from '../kernel.js';
import { broadcastBinary } from './elementwise-binary.js';
import { floatUnary, numericUnary } from './unary.js';
import { scalarValue, tensorOf } from './tensor-values.js';

export const relu: Kernel = numericUnary((v) => (v > 0 ? v : v === v ? 0 : v), (v) => (v > 0n ? v : 0n));
export const leakyRelu = floatUnary((ctx) => {
  const alpha = ctx.attrs.float('alpha', 0.01);
  return (v) => (v >= 0 ? v : alpha * v);
});
export const elu = floatUnary((ctx) => {
  const alpha = ctx.attrs.float('alpha', 1);
  return (v) => (v >= 0 ? v : alpha * Math.expm1(v));
});
export const selu = floatUnary((ctx) => {
  const alpha = ctx.attrs.float('alpha', 1.67326319217681884765625);
  const gamma = ctx.attrs.float('gamma', 1.05070102214813232421875);
  return (v) => (v > 0 ? gamma * v : gamma * alpha * Math.expm1(v));
});
export const sigmoid = floatUnary(() => (v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))));
export const hardSigmoid = floatUnary((ctx) => {
  const alpha = ctx.attrs.float('alpha', 0.2);
  const beta = ctx.attrs.float('beta', 0.5);
  return (v) => Math.max(0, Math.min(1, alpha * v + beta));
});
export const hardSwish = floatUnary(() => (v) => v * Math.max(0, Math.min(1, v / 6 + 0.5)));
export const tanh = floatUnary(() => Math.tanh);
export const softplus = floatUnary(() => (v) => (v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v))));
export const softsign = floatUnary(() => (v) => v / (1 + Math.abs(v)));
export const thresholdedRelu = floatUnary((ctx) => {
  const alpha = ctx.attrs.float('alpha', 1);
  return (v) => (v > alpha ? v : 0);
});
export const shrink = floatUnary((ctx) => {
  const bias = ctx.attrs.float('bias', 0);
  const lambd = ctx.attrs.float('lambd', 0.5);
  return (v) => (v < -lambd ? v + bias : v > lambd ? v - bias : 0);
});
export const celu = floatUnary((ctx) => {
  const alpha = ctx.attrs.float('alpha', 1);
  return (v) => Math.max(0, v) + Math.min(0, alpha * Math.expm1(v / alpha));
});

/** y = x where x >= 0, slope·x elsewhere; slope broadcasts to x. */
export const prelu: Kernel = ([x, slope], ctx) => {
  if (!x || !slope) return ctx.fail('needs X and slope');
  const math = {
    float: (a: number, s: number) => (a < 0 ? a * s : a),
    int: (a: number, s: number) => (a < 0 ? Math.imul(a, s) : a),
    big: (a: bigint, s: bigint) => (a < 0n ? a * s : a),
  };
  // Opset < 7 let a slope of shape [C] line up with [N,C,H,W]'s channel axis.
  const aligned = ctx.opset < 7 && slope.dims.length === 1 && x.dims.length > 2 && slope.dims[0] === x.dims[1]
    ? { ...slope, dims: [slope.dims[0]!, ...new Array<number>(x.dims.length - 2).fill(1)] }
    : slope;
  return [broadcastBinary(x, aligned, math, ctx)];
};

function clipBound(t: HostTensor | undefined, ctx: KernelContext, what: string): number | bigint | undefined {
  if (!t) return undefined;
  if (isBigIntType(t.type)) {
    if (t.data.length !== 1) return ctx.fail(`${what} must hold one value, got ${t.data.length}`);
    return t.data[0] as bigint;
  }
  return scalarValue(t, ctx, what);
}

/** min/max are attributes before opset 11, optional scalar inputs from it. */
export const clip: Kernel = ([x, minT, maxT], ctx) => {
  if (!x) return ctx.fail('input is required');
  const lo = ctx.opset < 11 ? ctx.attrs.float('min', -Infinity) : clipBound(minT, ctx, 'min');
  const hi = ctx.opset < 11 ? ctx.attrs.float('max', Infinity) : clipBound(maxT, ctx, 'max');
  const out = tensorOf(x.type, x.dims);
  if (isBigIntType(x.type)) {
    const src = x.data as BigInt64Array;
    const dst = out.data as BigInt64Array;
    for (let i = 0; i < src.length; i++) {
      let v = src[i]!;
      if (lo !== undefined && v < BigInt(lo)) v = BigInt(lo);
      if (hi !== undefined && v > BigInt(hi)) v = BigInt(hi);
      dst[i] = v;
    }
    return [out];
  }
  const a = lo === undefined ? -Infinity : Number(lo);
  const b = hi === undefined ? Infinity : Number(hi);
  const src = x.data as Float32Array;
  const dst = out.data as Float32Array;
  for (let i = 0; i < src.length; i++) {
    const v = src[i]!;
    dst[i] = v < a ? a : v > b ? b : v;
  }
  return [out];
};
