// Register blocks of the weight gradient: acc[i][t] += Σ_pixels dy_i · x_t, lanes over
// pixels, for 2 output channels × 4 taps (6 loads per 8 multiply-adds) or, with fused
// multiply-add, 3 × 3 (6 loads per 9, and 9 independent accumulator chains where 8
// barely cover the fused latency: conv1 ~10% faster). V8 issues a loop's loads first,
// so accumulators and operands must fit its 15 usable vector registers together: 8 + 6
// and 9 + 6 do (an unfused 3×3 needs a 16th for the product; a 2×5 block, 10 + 7,
// spilled accumulators).
//
// The accumulators are vectors kept in memory between calls (`acc`, rows `lda` bytes
// apart, 16 bytes per tap), so the horizontal sums happen once per chunk of images
// (reduceBlocks), not once per image: LeNet's conv2 has only 25 vectors per plane.
//
// Pixels run as `rows` runs of `width` pixels (an image's rows, or one plane per image);
// output-gradient runs are `dRowBytes` apart, tap runs `xRowBytes`. A run's last partial
// vector, if any, is masked in both operands (lanes past the run may hold anything).
import { madd } from './madd';

// @ts-ignore: decorator
@inline function block2x4Body(fused: bool, acc: usize, lda: usize, d0: usize, d1: usize,
  x0: usize, x1: usize, x2: usize, x3: usize, rows: i32, width: i32, dRowBytes: usize, xRowBytes: usize): void {
  const acc1 = acc + lda;
  let a00 = v128.load(acc), a01 = v128.load(acc, 16), a02 = v128.load(acc, 32), a03 = v128.load(acc, 48);
  let a10 = v128.load(acc1), a11 = v128.load(acc1, 16), a12 = v128.load(acc1, 32), a13 = v128.load(acc1, 48);
  const rowEnd = <usize>(width & ~3) << 2;
  const rem = width & 3;
  for (let r = 0; r < rows; r++) {
    let q: usize = 0;
    for (; q < rowEnd; q += 16) {
      const e0 = v128.load(d0 + q), e1 = v128.load(d1 + q);
      let y = v128.load(x0 + q);
      a00 = madd(fused, a00, e0, y); a10 = madd(fused, a10, e1, y);
      y = v128.load(x1 + q);
      a01 = madd(fused, a01, e0, y); a11 = madd(fused, a11, e1, y);
      y = v128.load(x2 + q);
      a02 = madd(fused, a02, e0, y); a12 = madd(fused, a12, e1, y);
      y = v128.load(x3 + q);
      a03 = madd(fused, a03, e0, y); a13 = madd(fused, a13, e1, y);
    }
    if (rem) {
      const mask = i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(rem));
      const e0 = v128.and(v128.load(d0 + q), mask), e1 = v128.and(v128.load(d1 + q), mask);
      let y = v128.and(v128.load(x0 + q), mask);
      a00 = madd(fused, a00, e0, y); a10 = madd(fused, a10, e1, y);
      y = v128.and(v128.load(x1 + q), mask);
      a01 = madd(fused, a01, e0, y); a11 = madd(fused, a11, e1, y);
      y = v128.and(v128.load(x2 + q), mask);
      a02 = madd(fused, a02, e0, y); a12 = madd(fused, a12, e1, y);
      y = v128.and(v128.load(x3 + q), mask);
      a03 = madd(fused, a03, e0, y); a13 = madd(fused, a13, e1, y);
    }
    d0 += dRowBytes; d1 += dRowBytes;
    x0 += xRowBytes; x1 += xRowBytes; x2 += xRowBytes; x3 += xRowBytes;
  }
  v128.store(acc, a00); v128.store(acc, a01, 16); v128.store(acc, a02, 32); v128.store(acc, a03, 48);
  v128.store(acc1, a10); v128.store(acc1, a11, 16); v128.store(acc1, a12, 32); v128.store(acc1, a13, 48);
}

// One function per specialisation (V8 allocates registers per function; each is large
// enough that binaryen does not inline it into its one caller).
function block2x4Plain(acc: usize, lda: usize, d0: usize, d1: usize, x0: usize, x1: usize, x2: usize, x3: usize,
  rows: i32, width: i32, dRowBytes: usize, xRowBytes: usize): void {
  block2x4Body(false, acc, lda, d0, d1, x0, x1, x2, x3, rows, width, dRowBytes, xRowBytes);
}
function block2x4Fused(acc: usize, lda: usize, d0: usize, d1: usize, x0: usize, x1: usize, x2: usize, x3: usize,
  rows: i32, width: i32, dRowBytes: usize, xRowBytes: usize): void {
  block2x4Body(true, acc, lda, d0, d1, x0, x1, x2, x3, rows, width, dRowBytes, xRowBytes);
}

/**
 * acc[0..2][0..4] += output-gradient rows d0, d1 against taps x0..x3 over `rows` rows
 * of `width` pixels (see the header).
 */
export function weightBlock(fused: bool, acc: usize, lda: usize, d0: usize, d1: usize, x0: usize, x1: usize, x2: usize,
  x3: usize, rows: i32, width: i32, dRowBytes: usize, xRowBytes: usize): void {
  if (fused) block2x4Fused(acc, lda, d0, d1, x0, x1, x2, x3, rows, width, dRowBytes, xRowBytes);
  else block2x4Plain(acc, lda, d0, d1, x0, x1, x2, x3, rows, width, dRowBytes, xRowBytes);
}

// @ts-ignore: decorator
@inline function block3x3Body(fused: bool, acc: usize, lda: usize, d0: usize, d1: usize, d2: usize,
  x0: usize, x1: usize, x2: usize, rows: i32, width: i32, dRowBytes: usize, xRowBytes: usize): void {
  const acc1 = acc + lda, acc2 = acc1 + lda;
  let a00 = v128.load(acc), a01 = v128.load(acc, 16), a02 = v128.load(acc, 32);
  let a10 = v128.load(acc1), a11 = v128.load(acc1, 16), a12 = v128.load(acc1, 32);
  let a20 = v128.load(acc2), a21 = v128.load(acc2, 16), a22 = v128.load(acc2, 32);
  const rowEnd = <usize>(width & ~3) << 2;
  const rem = width & 3;
  for (let r = 0; r < rows; r++) {
    let q: usize = 0;
    for (; q < rowEnd; q += 16) {
      const e0 = v128.load(d0 + q), e1 = v128.load(d1 + q), e2 = v128.load(d2 + q);
      let y = v128.load(x0 + q);
      a00 = madd(fused, a00, e0, y); a10 = madd(fused, a10, e1, y); a20 = madd(fused, a20, e2, y);
      y = v128.load(x1 + q);
      a01 = madd(fused, a01, e0, y); a11 = madd(fused, a11, e1, y); a21 = madd(fused, a21, e2, y);
      y = v128.load(x2 + q);
      a02 = madd(fused, a02, e0, y); a12 = madd(fused, a12, e1, y); a22 = madd(fused, a22, e2, y);
    }
    if (rem) {
      const mask = i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(rem));
      const e0 = v128.and(v128.load(d0 + q), mask), e1 = v128.and(v128.load(d1 + q), mask);
      const e2 = v128.and(v128.load(d2 + q), mask);
      let y = v128.and(v128.load(x0 + q), mask);
      a00 = madd(fused, a00, e0, y); a10 = madd(fused, a10, e1, y); a20 = madd(fused, a20, e2, y);
      y = v128.and(v128.load(x1 + q), mask);
      a01 = madd(fused, a01, e0, y); a11 = madd(fused, a11, e1, y); a21 = madd(fused, a21, e2, y);
      y = v128.and(v128.load(x2 + q), mask);
      a02 = madd(fused, a02, e0, y); a12 = madd(fused, a12, e1, y); a22 = madd(fused, a22, e2, y);
    }
    d0 += dRowBytes; d1 += dRowBytes; d2 += dRowBytes;
    x0 += xRowBytes; x1 += xRowBytes; x2 += xRowBytes;
  }
  v128.store(acc, a00); v128.store(acc, a01, 16); v128.store(acc, a02, 32);
  v128.store(acc1, a10); v128.store(acc1, a11, 16); v128.store(acc1, a12, 32);
  v128.store(acc2, a20); v128.store(acc2, a21, 16); v128.store(acc2, a22, 32);
}

/** acc[0..3][0..3] += output-gradient runs d0..d2 against taps x0..x2, fused multiply-add only (see the header). */
export function weightBlock3x3Fused(acc: usize, lda: usize, d0: usize, d1: usize, d2: usize, x0: usize, x1: usize,
  x2: usize, rows: i32, width: i32, dRowBytes: usize, xRowBytes: usize): void {
  block3x3Body(true, acc, lda, d0, d1, d2, x0, x1, x2, rows, width, dRowBytes, xRowBytes);
}
