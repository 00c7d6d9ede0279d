/** Sqrt, Exp, Log, Neg, Abs, Reciprocal, Erf, Floor, Ceil and friends: one line each. */
import type { Kernel } from '../kernel.js';
import { roundHalfEven, tensorOf } from './tensor-values.js';
import { floatUnary, numericUnary } from './unary.js';

/** Abramowitz–Stegun 7.1.26 is 1.5e-7 off; this series/continued-fraction pair is float64-exact enough for the reference device. */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    // Maclaurin series: erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
    let term = x;
    let total = x;
    const x2 = x * x;
    for (let n = 1; n < 80; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      total += add;
      if (Math.abs(add) < 1e-17 * Math.abs(total)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * total;
  }
  if (ax > 6) return Math.sign(x);
  // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))) (Lentz-free, fixed depth)
  let f = 0;
  for (let k = 60; k >= 1; k--) f = (k / 2) / (ax + f);
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f);
  return Math.sign(x) * (1 - erfc);
}

export const sqrt = floatUnary(() => Math.sqrt);
export const exp = floatUnary(() => Math.exp);
export const log = floatUnary(() => Math.log);
export const reciprocal = floatUnary(() => (v) => 1 / v);
export const erfKernel = floatUnary(() => erf);
export const floor = floatUnary(() => Math.floor);
export const ceil = floatUnary(() => Math.ceil);
/** Round half to even, as numpy.round. */
export const round = floatUnary(() => roundHalfEven);
export const sin = floatUnary(() => Math.sin);
export const cos = floatUnary(() => Math.cos);
export const neg: Kernel = numericUnary((v) => -v, (v) => BigInt.asIntN(64, -v));
export const abs: Kernel = numericUnary(Math.abs, (v) => (v < 0n ? BigInt.asIntN(64, -v) : v));
export const sign: Kernel = numericUnary(Math.sign, (v) => (v > 0n ? 1n : v < 0n ? -1n : 0n));
export const tan = floatUnary(() => Math.tan);
export const asin = floatUnary(() => Math.asin);
export const acos = floatUnary(() => Math.acos);
export const atan = floatUnary(() => Math.atan);
export const sinh = floatUnary(() => Math.sinh);
export const cosh = floatUnary(() => Math.cosh);
export const asinh = floatUnary(() => Math.asinh);
export const acosh = floatUnary(() => Math.acosh);
export const atanh = floatUnary(() => Math.atanh);

/** A bool tensor of `test` on every float element. */
function floatTest(make: (ctx: Parameters<Kernel>[1]) => (v: number) => boolean): Kernel {
  return ([x], ctx) => {
    if (!x) return ctx.fail('input is required');
    const test = make(ctx);
    const out = tensorOf('bool', x.dims);
    for (let i = 0; i < x.data.length; i++) out.data[i] = test(Number(x.data[i])) ? 1 : 0;
    return [out];
  };
}

export const isNaN = floatTest(() => Number.isNaN);
export const isInf = floatTest((ctx) => {
  const negative = ctx.attrs.int('detect_negative', 1) === 1;
  const positive = ctx.attrs.int('detect_positive', 1) === 1;
  return (v) => (v === Infinity && positive) || (v === -Infinity && negative);
});
