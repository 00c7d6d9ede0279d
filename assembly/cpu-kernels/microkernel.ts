// Register-tiled micro-kernels: one MR×NR block of C = A·B, MR ∈ {4,6}, NR ∈ {4,8}.
//
// A is a packed panel: for each reduction step p, MR consecutive floats.
// B is addressed through an offset table: row p of B starts at b + boff[p] (bytes), and
// NR consecutive floats are read from there. The same kernel therefore multiplies a
// packed GEMM panel (boff[p] = p·NR·4), an im2col matrix (boff[p] = p·P·4) or an input
// image directly (boff[p] = offset of tap (c,kh,kw)), which is how convolutions avoid
// im2col altogether.
//
// The epilogue computes alpha·acc (+ row bias) (+ beta·column bias) (+ C) then an
// optional activation, and stores rows `ldc` bytes apart.

import { relu4, sigmoid4 } from './simd-math';

export const EPI_ROW_BIAS: i32 = 1;
export const EPI_COL_BIAS: i32 = 2;
export const EPI_ACCUMULATE: i32 = 4;
export const EPI_RELU: i32 = 8;
export const EPI_SIGMOID: i32 = 16;

// @ts-ignore: decorator
@inline function finish(acc: v128, c: usize, alpha: v128, rowBias: v128, colBias: v128, flags: i32): void {
  let v = f32x4.mul(acc, alpha);
  if (flags & EPI_ROW_BIAS) v = f32x4.add(v, rowBias);
  if (flags & EPI_COL_BIAS) v = f32x4.add(v, colBias);
  if (flags & EPI_ACCUMULATE) v = f32x4.add(v, v128.load(c));
  if (flags & EPI_RELU) v = relu4(v);
  else if (flags & EPI_SIGMOID) v = sigmoid4(v);
  v128.store(c, v);
}

// @ts-ignore: decorator
@inline function fma(acc: v128, a: v128, b: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b));
}

function mk6x8(a: usize, b: usize, boff: usize, k: i32, c: usize, ldc: usize,
  rowBias: usize, colBias: usize, alpha: f32, beta: f32, flags: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0), c41 = f32x4.splat(0), c50 = f32x4.splat(0), c51 = f32x4.splat(0);
  const end = boff + (<usize>k << 2);
  while (boff < end) {
    const bp = b + <usize>load<i32>(boff);
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let av = v128.load32_splat(a);
    c00 = fma(c00, av, b0); c01 = fma(c01, av, b1);
    av = v128.load32_splat(a, 4);
    c10 = fma(c10, av, b0); c11 = fma(c11, av, b1);
    av = v128.load32_splat(a, 8);
    c20 = fma(c20, av, b0); c21 = fma(c21, av, b1);
    av = v128.load32_splat(a, 12);
    c30 = fma(c30, av, b0); c31 = fma(c31, av, b1);
    av = v128.load32_splat(a, 16);
    c40 = fma(c40, av, b0); c41 = fma(c41, av, b1);
    av = v128.load32_splat(a, 20);
    c50 = fma(c50, av, b0); c51 = fma(c51, av, b1);
    a += 24; boff += 4;
  }
  const al = f32x4.splat(alpha), be = f32x4.splat(beta);
  const cb0 = f32x4.mul(v128.load(colBias), be), cb1 = f32x4.mul(v128.load(colBias, 16), be);
  let rb = v128.load32_splat(rowBias);
  finish(c00, c, al, rb, cb0, flags); finish(c01, c + 16, al, rb, cb1, flags); c += ldc;
  rb = v128.load32_splat(rowBias, 4);
  finish(c10, c, al, rb, cb0, flags); finish(c11, c + 16, al, rb, cb1, flags); c += ldc;
  rb = v128.load32_splat(rowBias, 8);
  finish(c20, c, al, rb, cb0, flags); finish(c21, c + 16, al, rb, cb1, flags); c += ldc;
  rb = v128.load32_splat(rowBias, 12);
  finish(c30, c, al, rb, cb0, flags); finish(c31, c + 16, al, rb, cb1, flags); c += ldc;
  rb = v128.load32_splat(rowBias, 16);
  finish(c40, c, al, rb, cb0, flags); finish(c41, c + 16, al, rb, cb1, flags); c += ldc;
  rb = v128.load32_splat(rowBias, 20);
  finish(c50, c, al, rb, cb0, flags); finish(c51, c + 16, al, rb, cb1, flags);
}

function mk6x4(a: usize, b: usize, boff: usize, k: i32, c: usize, ldc: usize,
  rowBias: usize, colBias: usize, alpha: f32, beta: f32, flags: i32): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0);
  let c3 = f32x4.splat(0), c4 = f32x4.splat(0), c5 = f32x4.splat(0);
  const end = boff + (<usize>k << 2);
  while (boff < end) {
    const b0 = v128.load(b + <usize>load<i32>(boff));
    c0 = fma(c0, v128.load32_splat(a), b0);
    c1 = fma(c1, v128.load32_splat(a, 4), b0);
    c2 = fma(c2, v128.load32_splat(a, 8), b0);
    c3 = fma(c3, v128.load32_splat(a, 12), b0);
    c4 = fma(c4, v128.load32_splat(a, 16), b0);
    c5 = fma(c5, v128.load32_splat(a, 20), b0);
    a += 24; boff += 4;
  }
  const al = f32x4.splat(alpha);
  const cb = f32x4.mul(v128.load(colBias), f32x4.splat(beta));
  finish(c0, c, al, v128.load32_splat(rowBias), cb, flags); c += ldc;
  finish(c1, c, al, v128.load32_splat(rowBias, 4), cb, flags); c += ldc;
  finish(c2, c, al, v128.load32_splat(rowBias, 8), cb, flags); c += ldc;
  finish(c3, c, al, v128.load32_splat(rowBias, 12), cb, flags); c += ldc;
  finish(c4, c, al, v128.load32_splat(rowBias, 16), cb, flags); c += ldc;
  finish(c5, c, al, v128.load32_splat(rowBias, 20), cb, flags);
}

function mk4x8(a: usize, b: usize, boff: usize, k: i32, c: usize, ldc: usize,
  rowBias: usize, colBias: usize, alpha: f32, beta: f32, flags: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const end = boff + (<usize>k << 2);
  while (boff < end) {
    const bp = b + <usize>load<i32>(boff);
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let av = v128.load32_splat(a);
    c00 = fma(c00, av, b0); c01 = fma(c01, av, b1);
    av = v128.load32_splat(a, 4);
    c10 = fma(c10, av, b0); c11 = fma(c11, av, b1);
    av = v128.load32_splat(a, 8);
    c20 = fma(c20, av, b0); c21 = fma(c21, av, b1);
    av = v128.load32_splat(a, 12);
    c30 = fma(c30, av, b0); c31 = fma(c31, av, b1);
    a += 16; boff += 4;
  }
  const al = f32x4.splat(alpha), be = f32x4.splat(beta);
  const cb0 = f32x4.mul(v128.load(colBias), be), cb1 = f32x4.mul(v128.load(colBias, 16), be);
  let rb = v128.load32_splat(rowBias);
  finish(c00, c, al, rb, cb0, flags); finish(c01, c + 16, al, rb, cb1, flags); c += ldc;
  rb = v128.load32_splat(rowBias, 4);
  finish(c10, c, al, rb, cb0, flags); finish(c11, c + 16, al, rb, cb1, flags); c += ldc;
  rb = v128.load32_splat(rowBias, 8);
  finish(c20, c, al, rb, cb0, flags); finish(c21, c + 16, al, rb, cb1, flags); c += ldc;
  rb = v128.load32_splat(rowBias, 12);
  finish(c30, c, al, rb, cb0, flags); finish(c31, c + 16, al, rb, cb1, flags);
}

function mk4x4(a: usize, b: usize, boff: usize, k: i32, c: usize, ldc: usize,
  rowBias: usize, colBias: usize, alpha: f32, beta: f32, flags: i32): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  const end = boff + (<usize>k << 2);
  while (boff < end) {
    const b0 = v128.load(b + <usize>load<i32>(boff));
    c0 = fma(c0, v128.load32_splat(a), b0);
    c1 = fma(c1, v128.load32_splat(a, 4), b0);
    c2 = fma(c2, v128.load32_splat(a, 8), b0);
    c3 = fma(c3, v128.load32_splat(a, 12), b0);
    a += 16; boff += 4;
  }
  const al = f32x4.splat(alpha);
  const cb = f32x4.mul(v128.load(colBias), f32x4.splat(beta));
  finish(c0, c, al, v128.load32_splat(rowBias), cb, flags); c += ldc;
  finish(c1, c, al, v128.load32_splat(rowBias, 4), cb, flags); c += ldc;
  finish(c2, c, al, v128.load32_splat(rowBias, 8), cb, flags); c += ldc;
  finish(c3, c, al, v128.load32_splat(rowBias, 12), cb, flags);
}

function kernel(mr: i32, nr: i32, a: usize, b: usize, boff: usize, k: i32, c: usize, ldc: usize,
  rowBias: usize, colBias: usize, alpha: f32, beta: f32, flags: i32): void {
  if (mr == 6) {
    if (nr == 8) mk6x8(a, b, boff, k, c, ldc, rowBias, colBias, alpha, beta, flags);
    else mk6x4(a, b, boff, k, c, ldc, rowBias, colBias, alpha, beta, flags);
  } else {
    if (nr == 8) mk4x8(a, b, boff, k, c, ldc, rowBias, colBias, alpha, beta, flags);
    else mk4x4(a, b, boff, k, c, ldc, rowBias, colBias, alpha, beta, flags);
  }
}

/**
 * One C tile of which only validM rows × validN columns exist. Full tiles are stored in
 * place; edge tiles go through `tmp` (MR·NR floats) and only the valid part is copied.
 */
export function tile(mr: i32, nr: i32, validM: i32, validN: i32, a: usize, b: usize, boff: usize, k: i32,
  c: usize, ldc: usize, rowBias: usize, colBias: usize, alpha: f32, beta: f32, flags: i32, tmp: usize): void {
  if (validM == mr && validN == nr) {
    kernel(mr, nr, a, b, boff, k, c, ldc, rowBias, colBias, alpha, beta, flags);
    return;
  }
  const tld = <usize>nr << 2;
  if (flags & EPI_ACCUMULATE) {
    for (let i = 0; i < validM; i++)
      for (let j = 0; j < validN; j++)
        store<f32>(tmp + <usize>i * tld + (<usize>j << 2), load<f32>(c + <usize>i * ldc + (<usize>j << 2)));
  }
  kernel(mr, nr, a, b, boff, k, tmp, tld, rowBias, colBias, alpha, beta, flags);
  for (let i = 0; i < validM; i++)
    for (let j = 0; j < validN; j++)
      store<f32>(c + <usize>i * ldc + (<usize>j << 2), load<f32>(tmp + <usize>i * tld + (<usize>j << 2)));
}
