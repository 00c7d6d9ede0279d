// Multiply-add of the kernels: acc + a·b. With `fused` (and a build with relaxed SIMD)
// it is one fused multiply-add, rounded once (faster, and closer to the exact sum);
// otherwise a multiply then an add, rounded twice (the plain-SIMD build). Callers pass
// `fused` as a constant, so each specialisation compiles to straight-line code.

// @ts-ignore: decorator
@inline export function madd(fused: bool, acc: v128, a: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    if (fused) return f32x4.relaxed_madd(a, b, acc);
  }
  return f32x4.add(acc, f32x4.mul(a, b));
}
