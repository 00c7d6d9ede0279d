// Vector math shared by the kernels: exp on (-inf, 0] and a numerically stable sigmoid.

const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
// exp(-87.33) is the smallest normal float; clamping keeps 2^n representable.
const MIN_ARG: f32 = -87.3365;

/** e^y for y <= 0 (lanes below -87.3 give the smallest normal float). Relative error ~1e-7. */
// @ts-ignore: decorator
@inline export function expNonPositive(y: v128): v128 {
  y = f32x4.max(y, f32x4.splat(MIN_ARG));
  const n = f32x4.nearest(f32x4.mul(y, f32x4.splat(LOG2E)));
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
  const bits = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(p, bits);
}

/** 1 / (1 + e^-x), evaluated through e^-|x| so nothing overflows. */
// @ts-ignore: decorator
@inline export function sigmoid4(x: v128): v128 {
  const t = expNonPositive(f32x4.neg(f32x4.abs(x)));
  const r = f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), t));
  // x >= 0: 1/(1+t); x < 0: t/(1+t).
  return v128.bitselect(r, f32x4.mul(t, r), f32x4.ge(x, f32x4.splat(0)));
}

/** ReLU as the reference writes it (x > 0 ? x : 0), so NaN maps to 0. */
// @ts-ignore: decorator
@inline export function relu4(x: v128): v128 {
  return v128.and(x, f32x4.gt(x, f32x4.splat(0)));
}
