// Vector math shared by the kernels: exp on (-inf, 0] and a numerically stable sigmoid.

const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
// exp(-87.33) is the smallest normal float; clamping keeps 2^n representable.
const MIN_ARG: f32 = -87.3365;
const ROUNDER: f32 = 12582912.0; // 1.5 · 2^23
const ROUNDER_BITS: i32 = 0x4b400000;

/**
 * Constants of exp and sigmoid, kept in memory at MATH_TABLE (the heap's first page,
 * which no buffer uses) and loaded as broadcasts: V8 builds each v128 constant from
 * three instructions at every use, which made a sigmoid epilogue cost as much as a
 * 75-step tile. `initMathTable` writes them once, before any kernel runs (workers share
 * the memory).
 */
export const MATH_TABLE: usize = 1024;
const K_MIN_ARG = 0, K_LOG2E = 1, K_ROUNDER = 2, K_LN2_HI = 3, K_LN2_LO = 4, K_P0 = 5, K_P1 = 6, K_P2 = 7, K_P3 = 8,
  K_P4 = 9, K_P5 = 10, K_ONE = 11, K_SIGN = 12, K_REBIAS = 13;

export function initMathTable(): void {
  const t = MATH_TABLE;
  store<f32>(t + (K_MIN_ARG << 2), MIN_ARG);
  store<f32>(t + (K_LOG2E << 2), LOG2E);
  store<f32>(t + (K_ROUNDER << 2), ROUNDER);
  store<f32>(t + (K_LN2_HI << 2), LN2_HI);
  store<f32>(t + (K_LN2_LO << 2), LN2_LO);
  // Cephes expf polynomial on |r| <= ln2/2.
  store<f32>(t + (K_P0 << 2), 1.9875691500e-4);
  store<f32>(t + (K_P1 << 2), 1.3981999507e-3);
  store<f32>(t + (K_P2 << 2), 8.3334519073e-3);
  store<f32>(t + (K_P3 << 2), 4.1665795894e-2);
  store<f32>(t + (K_P4 << 2), 1.6666665459e-1);
  store<f32>(t + (K_P5 << 2), 5.0000001201e-1);
  store<f32>(t + (K_ONE << 2), 1);
  store<f32>(t + (K_SIGN << 2), -0.0);
  store<i32>(t + (K_REBIAS << 2), 127 - ROUNDER_BITS);
}

// @ts-ignore: decorator
@inline function k(i: i32): v128 {
  return v128.load32_splat(MATH_TABLE + (<usize>i << 2));
}

/** e^y for y <= 0 (lanes below -87.3 give the smallest normal float). Relative error ~1e-7. */
// @ts-ignore: decorator
@inline export function expNonPositive(y: v128): v128 {
  // pmax(a, b) = a < b ? b : a is a plain maxps (wasm's max needs NaN fix-ups);
  // with y first, a NaN y stays NaN.
  y = f32x4.pmax(y, k(K_MIN_ARG));
  // Round y·log2(e) to an integer n by adding 1.5·2^23: n lands in the low mantissa bits.
  const rounder = k(K_ROUNDER);
  const shifted = f32x4.add(f32x4.mul(y, k(K_LOG2E)), rounder);
  const n = f32x4.sub(shifted, rounder);
  let r = f32x4.sub(y, f32x4.mul(n, k(K_LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, k(K_LN2_LO)));
  let p = k(K_P0);
  p = f32x4.add(f32x4.mul(p, r), k(K_P1));
  p = f32x4.add(f32x4.mul(p, r), k(K_P2));
  p = f32x4.add(f32x4.mul(p, r), k(K_P3));
  p = f32x4.add(f32x4.mul(p, r), k(K_P4));
  p = f32x4.add(f32x4.mul(p, r), k(K_P5));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), k(K_ONE));
  // 2^n: the bits of `shifted` are ROUNDER_BITS + n; rebias to 127 + n and move to the exponent.
  const bits = i32x4.shl(i32x4.add(shifted, k(K_REBIAS)), 23);
  return f32x4.mul(p, bits);
}

/** 1 / (1 + e^-x), evaluated through e^-|x| so nothing overflows. */
// @ts-ignore: decorator
@inline export function sigmoid4(x: v128): v128 {
  // -|x| by setting the sign bit.
  const t = expNonPositive(v128.or(x, k(K_SIGN)));
  const one = k(K_ONE);
  const r = f32x4.div(one, f32x4.add(one, t));
  // x >= 0: 1/(1+t); x < 0: t/(1+t).
  return v128.bitselect(r, f32x4.mul(t, r), f32x4.ge(x, f32x4.splat(0)));
}

/** ReLU as the reference writes it (x > 0 ? x : 0), so NaN maps to 0. */
// @ts-ignore: decorator
@inline export function relu4(x: v128): v128 {
  return v128.and(x, f32x4.gt(x, f32x4.splat(0)));
}
