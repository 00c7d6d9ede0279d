// Register-tiled micro-kernels of the GEMM: a 4×(one or two 4-float segments) block of
// C = A·B.
//
// A is a packed panel: for each reduction step p, 4 consecutive floats. B is addressed
// through an offset table: step p reads 4 floats at b + boff[p] (the first segment) and
// 4 at b + b1off + boff[p] (the second); for a packed B panel boff[p] = p·32, b1off = 16.
// (Convolutions use the tiles of conv-tiles.ts.)
//
// The epilogue computes alpha·acc (+ row bias) (+ beta·column bias) (+ C) and an
// optional activation, then stores the first `valid0` / `valid1` lanes of each segment
// for the first `rows` rows (rows `ldc` bytes apart; segment 2 at + c1off). The EPI_
// flags are shared with the convolution and dense epilogues.

import { relu4, sigmoid4 } from './simd-math';
import { madd } from './madd';

export const EPI_ROW_BIAS: i32 = 1;
export const EPI_COL_BIAS: i32 = 2;
export const EPI_ACCUMULATE: i32 = 4;
export const EPI_RELU: i32 = 8;
export const EPI_SIGMOID: i32 = 16;

/** Store the first n (0..4) lanes of v at c. */
// @ts-ignore: decorator
@inline export function storeLanes(c: usize, v: v128, n: i32): void {
  if (n == 4) v128.store(c, v);
  else if (n == 2) v128.store64_lane(c, v, 0);
  else if (n == 3) {
    v128.store64_lane(c, v, 0);
    v128.store32_lane(c, v, 2, 8);
  } else if (n == 1) v128.store32_lane(c, v, 0);
}

// @ts-ignore: decorator
@inline function finish(acc: v128, c: usize, n: i32, alpha: v128, rowBias: v128, colBias: v128, flags: i32): void {
  let v = f32x4.mul(acc, alpha);
  if (flags & EPI_ROW_BIAS) v = f32x4.add(v, rowBias);
  if (flags & EPI_COL_BIAS) v = f32x4.add(v, colBias);
  if (flags & EPI_ACCUMULATE) v = f32x4.add(v, v128.load(c));
  if (flags & EPI_RELU) v = relu4(v);
  else if (flags & EPI_SIGMOID) v = sigmoid4(v);
  storeLanes(c, v, n);
}

// @ts-ignore: decorator
@inline function rowOf(rowBias: usize, i: i32): v128 {
  return v128.load32_splat(rowBias + (<usize>i << 2));
}

/** 4 rows × 2 segments (8 accumulators). */
// @ts-ignore: decorator
@inline function mk4x2Body(fused: bool, a: usize, b: usize, b1off: usize, boff: usize, k: i32, c: usize, c1off: usize, ldc: usize,
  rows: i32, valid0: i32, valid1: i32, rowBias: usize, colBias: usize, alpha: f32, beta: f32, flags: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const end = boff + (<usize>k << 2);
  const b1 = b + b1off;
  while (boff < end) {
    const o = <usize>load<i32>(boff);
    const x0 = v128.load(b + o), x1 = v128.load(b1 + o);
    let av = v128.load32_splat(a);
    c00 = madd(fused, c00, av, x0); c01 = madd(fused, c01, av, x1);
    av = v128.load32_splat(a, 4);
    c10 = madd(fused, c10, av, x0); c11 = madd(fused, c11, av, x1);
    av = v128.load32_splat(a, 8);
    c20 = madd(fused, c20, av, x0); c21 = madd(fused, c21, av, x1);
    av = v128.load32_splat(a, 12);
    c30 = madd(fused, c30, av, x0); c31 = madd(fused, c31, av, x1);
    a += 16; boff += 4;
  }
  const f = flags, al = f32x4.splat(alpha), be = f32x4.splat(beta);
  const cb0 = f32x4.mul(v128.load(colBias), be), cb1 = f32x4.mul(v128.load(colBias, 16), be);
  const d = c + c1off;
  finish(c00, c, valid0, al, rowOf(rowBias, 0), cb0, f); finish(c01, d, valid1, al, rowOf(rowBias, 0), cb1, f);
  if (rows > 1) { finish(c10, c + ldc, valid0, al, rowOf(rowBias, 1), cb0, f); finish(c11, d + ldc, valid1, al, rowOf(rowBias, 1), cb1, f); }
  if (rows > 2) { finish(c20, c + 2 * ldc, valid0, al, rowOf(rowBias, 2), cb0, f); finish(c21, d + 2 * ldc, valid1, al, rowOf(rowBias, 2), cb1, f); }
  if (rows > 3) { finish(c30, c + 3 * ldc, valid0, al, rowOf(rowBias, 3), cb0, f); finish(c31, d + 3 * ldc, valid1, al, rowOf(rowBias, 3), cb1, f); }
}

/** 4 rows × 1 segment. */
// @ts-ignore: decorator
@inline function mk4x1Body(fused: bool, a: usize, b: usize, boff: usize, k: i32, c: usize, ldc: usize, rows: i32, valid0: i32, rowBias: usize, colBias: usize, alpha: f32, beta: f32, flags: i32): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  const end = boff + (<usize>k << 2);
  while (boff < end) {
    const x0 = v128.load(b + <usize>load<i32>(boff));
    c0 = madd(fused, c0, v128.load32_splat(a), x0);
    c1 = madd(fused, c1, v128.load32_splat(a, 4), x0);
    c2 = madd(fused, c2, v128.load32_splat(a, 8), x0);
    c3 = madd(fused, c3, v128.load32_splat(a, 12), x0);
    a += 16; boff += 4;
  }
  const f = flags, al = f32x4.splat(alpha);
  const cb = f32x4.mul(v128.load(colBias), f32x4.splat(beta));
  finish(c0, c, valid0, al, rowOf(rowBias, 0), cb, f);
  if (rows > 1) finish(c1, c + ldc, valid0, al, rowOf(rowBias, 1), cb, f);
  if (rows > 2) finish(c2, c + 2 * ldc, valid0, al, rowOf(rowBias, 2), cb, f);
  if (rows > 3) finish(c3, c + 3 * ldc, valid0, al, rowOf(rowBias, 3), cb, f);
}

// One function per specialisation (see conv-tiles.ts): `fused` is a constant in each.
export function mk4x2(fused: bool, a: usize, b: usize, b1off: usize, boff: usize, k: i32, c: usize, c1off: usize, ldc: usize,
  rows: i32, valid0: i32, valid1: i32, rowBias: usize, colBias: usize, alpha: f32, beta: f32, flags: i32): void {
  if (fused) mk4x2Fused(a, b, b1off, boff, k, c, c1off, ldc, rows, valid0, valid1, rowBias, colBias, alpha, beta, flags);
  else mk4x2Plain(a, b, b1off, boff, k, c, c1off, ldc, rows, valid0, valid1, rowBias, colBias, alpha, beta, flags);
}
function mk4x2Fused(a: usize, b: usize, b1off: usize, boff: usize, k: i32, c: usize, c1off: usize, ldc: usize,
  rows: i32, valid0: i32, valid1: i32, rowBias: usize, colBias: usize, alpha: f32, beta: f32, flags: i32): void {
  mk4x2Body(true, a, b, b1off, boff, k, c, c1off, ldc, rows, valid0, valid1, rowBias, colBias, alpha, beta, flags);
}
function mk4x2Plain(a: usize, b: usize, b1off: usize, boff: usize, k: i32, c: usize, c1off: usize, ldc: usize,
  rows: i32, valid0: i32, valid1: i32, rowBias: usize, colBias: usize, alpha: f32, beta: f32, flags: i32): void {
  mk4x2Body(false, a, b, b1off, boff, k, c, c1off, ldc, rows, valid0, valid1, rowBias, colBias, alpha, beta, flags);
}

export function mk4x1(fused: bool, a: usize, b: usize, boff: usize, k: i32, c: usize, ldc: usize, rows: i32, valid0: i32,
  rowBias: usize, colBias: usize, alpha: f32, beta: f32, flags: i32): void {
  if (fused) mk4x1Fused(a, b, boff, k, c, ldc, rows, valid0, rowBias, colBias, alpha, beta, flags);
  else mk4x1Plain(a, b, boff, k, c, ldc, rows, valid0, rowBias, colBias, alpha, beta, flags);
}
function mk4x1Fused(a: usize, b: usize, boff: usize, k: i32, c: usize, ldc: usize, rows: i32, valid0: i32,
  rowBias: usize, colBias: usize, alpha: f32, beta: f32, flags: i32): void {
  mk4x1Body(true, a, b, boff, k, c, ldc, rows, valid0, rowBias, colBias, alpha, beta, flags);
}
function mk4x1Plain(a: usize, b: usize, boff: usize, k: i32, c: usize, ldc: usize, rows: i32, valid0: i32,
  rowBias: usize, colBias: usize, alpha: f32, beta: f32, flags: i32): void {
  mk4x1Body(false, a, b, boff, k, c, ldc, rows, valid0, rowBias, colBias, alpha, beta, flags);
}
