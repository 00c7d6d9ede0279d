// Vector math shared by the kernels: exp on (-inf, 0] and a numerically stable sigmoid.

const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
// exp(-87.33) is the smallest normal float; clamping keeps 2^n representable.
const MIN_ARG: f32 = -87.3365;
const ROUNDER: f32 = 12582912.0; // 1.5 · 2^23
const ROUNDER_BITS: i32 = 0x4b400000;

/** e^y for y <= 0 (lanes below -87.3 give the smallest normal float). Relative error ~1e-7. */
// @ts-ignore: decorator
@inline export function expNonPositive(y: v128): v128 {
  // pmax(a, b) = a < b ? b : a is a plain maxps (wasm's max needs NaN fix-ups);
  // with y first, a NaN y stays NaN.
  y = f32x4.pmax(y, f32x4.splat(MIN_ARG));
  // Round y·log2(e) to an integer n by adding 1.5·2^23: n lands in the low mantissa bits.
  const shifted = f32x4.add(f32x4.mul(y, f32x4.splat(LOG2E)), f32x4.splat(ROUNDER));
  const n = f32x4.sub(shifted, f32x4.splat(ROUNDER));
  let r = f32x4.sub(y, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  // Cephes expf polynomial on |r| <= ln2/2.
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1));
  // 2^n: the bits of `shifted` are ROUNDER_BITS + n; rebias to 127 + n and move to the exponent.
  const bits = i32x4.shl(i32x4.add(shifted, i32x4.splat(127 - ROUNDER_BITS)), 23);
  return f32x4.mul(p, bits);
}

/** 1 / (1 + e^-x), evaluated through e^-|x| so nothing overflows. */
// @ts-ignore: decorator
@inline export function sigmoid4(x: v128): v128 {
  // -|x| by setting the sign bit.
  const t = expNonPositive(v128.or(x, f32x4.splat(-0.0)));
  const r = f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), t));
  // x >= 0: 1/(1+t); x < 0: t/(1+t).
  return v128.bitselect(r, f32x4.mul(t, r), f32x4.ge(x, f32x4.splat(0)));
}

/** ReLU as the reference writes it (x > 0 ? x : 0), so NaN maps to 0. */
// @ts-ignore: decorator
@inline export function relu4(x: v128): v128 {
  return v128.and(x, f32x4.gt(x, f32x4.splat(0)));
}
