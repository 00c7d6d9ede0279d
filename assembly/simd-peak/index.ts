// The bench's yardstick (bench/simd-peak.ts): how many f32x4 multiply-adds one core
// retires per second when nothing but arithmetic is in the way. Twelve independent
// chains acc = acc·m + a keep both multiply and both add pipes busy (mulAdd) or both
// fused multiply-add pipes (fused, relaxed SIMD); operands never leave registers.

export function mulAdd(iters: i32, m: f32, a: f32): f32 {
  const vm = f32x4.splat(m), va = f32x4.splat(a);
  let c0 = va, c1 = va, c2 = va, c3 = va, c4 = va, c5 = va, c6 = va, c7 = va, c8 = va, c9 = va, c10 = va, c11 = va;
  for (let i = 0; i < iters; i++) {
    c0 = f32x4.add(f32x4.mul(c0, vm), va); c1 = f32x4.add(f32x4.mul(c1, vm), va);
    c2 = f32x4.add(f32x4.mul(c2, vm), va); c3 = f32x4.add(f32x4.mul(c3, vm), va);
    c4 = f32x4.add(f32x4.mul(c4, vm), va); c5 = f32x4.add(f32x4.mul(c5, vm), va);
    c6 = f32x4.add(f32x4.mul(c6, vm), va); c7 = f32x4.add(f32x4.mul(c7, vm), va);
    c8 = f32x4.add(f32x4.mul(c8, vm), va); c9 = f32x4.add(f32x4.mul(c9, vm), va);
    c10 = f32x4.add(f32x4.mul(c10, vm), va); c11 = f32x4.add(f32x4.mul(c11, vm), va);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(c0, c1), f32x4.add(c2, c3)), f32x4.add(f32x4.add(c4, c5), f32x4.add(c6, c7)));
  return f32x4.extract_lane(f32x4.add(s, f32x4.add(f32x4.add(c8, c9), f32x4.add(c10, c11))), 0);
}

export function fused(iters: i32, m: f32, a: f32): f32 {
  const vm = f32x4.splat(m), va = f32x4.splat(a);
  let c0 = va, c1 = va, c2 = va, c3 = va, c4 = va, c5 = va, c6 = va, c7 = va, c8 = va, c9 = va, c10 = va, c11 = va;
  for (let i = 0; i < iters; i++) {
    c0 = f32x4.relaxed_madd(c0, vm, va); c1 = f32x4.relaxed_madd(c1, vm, va);
    c2 = f32x4.relaxed_madd(c2, vm, va); c3 = f32x4.relaxed_madd(c3, vm, va);
    c4 = f32x4.relaxed_madd(c4, vm, va); c5 = f32x4.relaxed_madd(c5, vm, va);
    c6 = f32x4.relaxed_madd(c6, vm, va); c7 = f32x4.relaxed_madd(c7, vm, va);
    c8 = f32x4.relaxed_madd(c8, vm, va); c9 = f32x4.relaxed_madd(c9, vm, va);
    c10 = f32x4.relaxed_madd(c10, vm, va); c11 = f32x4.relaxed_madd(c11, vm, va);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(c0, c1), f32x4.add(c2, c3)), f32x4.add(f32x4.add(c4, c5), f32x4.add(c6, c7)));
  return f32x4.extract_lane(f32x4.add(s, f32x4.add(f32x4.add(c8, c9), f32x4.add(c10, c11))), 0);
}
