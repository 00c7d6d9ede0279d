// Packing: copy a matrix block into the panel layouts the micro-kernels read.
import { storeTransposed } from './transpose';

/**
 * Rows [i0, i0+rows) of op(A), reduction range [p0, p0+kc), into MR-row panels:
 * dst[panel][p][MR], rows past the end zero-filled. op(A)[i][p] = trans ? a[p·lda+i] : a[i·lda+p].
 */
export function packA(dst: usize, a: usize, lda: i32, trans: i32, i0: i32, rows: i32, p0: i32, kc: i32, mr: i32): void {
  for (let ib = 0; ib < rows; ib += mr) {
    const valid = min(mr, rows - ib);
    if (valid == 4 && mr == 4) {
      const start = trans ? a + ((<usize>p0 * lda + i0 + ib) << 2) : a + ((<usize>(i0 + ib) * lda + p0) << 2);
      if (trans) copyRows4(dst, start, <usize>lda << 2, kc);
      else transpose4Rows(dst, 16, start, <usize>lda << 2, kc);
      dst += <usize>(kc * 4) << 2;
      continue;
    }
    for (let p = 0; p < kc; p++) {
      for (let r = 0; r < mr; r++) {
        let v: f32 = 0;
        if (r < valid) {
          const i = i0 + ib + r, q = p0 + p;
          v = trans ? load<f32>(a + ((<usize>q * lda + i) << 2)) : load<f32>(a + ((<usize>i * lda + q) << 2));
        }
        store<f32>(dst, v);
        dst += 4;
      }
    }
  }
}

/**
 * Columns [j0, j0+cols) of op(B), reduction range [p0, p0+kc), into NR-column panels:
 * dst[panel][p][NR], columns past the end zero-filled. op(B)[p][j] = trans ? b[j·ldb+p] : b[p·ldb+j].
 */
export function packB(dst: usize, b: usize, ldb: i32, trans: i32, j0: i32, cols: i32, p0: i32, kc: i32, nr: i32): void {
  for (let jb = 0; jb < cols; jb += nr) {
    const valid = min(nr, cols - jb);
    if (!trans && valid == nr && nr == 8) {
      let src = b + ((<usize>p0 * ldb + j0 + jb) << 2);
      const step = <usize>ldb << 2;
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        dst += 32; src += step;
      }
      continue;
    }
    if (trans && valid == nr && nr == 8) {
      // Two groups of 4 rows of b, each transposed into half of every 8-float step.
      const row = b + ((<usize>(j0 + jb) * ldb + p0) << 2), ld = <usize>ldb << 2;
      transpose4Rows(dst, 32, row, ld, kc);
      transpose4Rows(dst + 16, 32, row + 4 * ld, ld, kc);
      dst += <usize>(kc * 8) << 2;
      continue;
    }
    for (let p = 0; p < kc; p++) {
      for (let r = 0; r < nr; r++) {
        let v: f32 = 0;
        if (r < valid) {
          const j = j0 + jb + r, q = p0 + p;
          v = trans ? load<f32>(b + ((<usize>j * ldb + q) << 2)) : load<f32>(b + ((<usize>q * ldb + j) << 2));
        }
        store<f32>(dst, v);
        dst += 4;
      }
    }
  }
}

/**
 * dst + p·dstStep receives [src0[p], src1[p], src2[p], src3[p]] for p < k, rows `ld`
 * bytes apart, four steps at a time by 4×4 transposes.
 */
function transpose4Rows(dst: usize, dstStep: usize, src: usize, ld: usize, k: i32): void {
  const r1 = src + ld, r2 = r1 + ld, r3 = r2 + ld;
  let p = 0;
  for (; p + 4 <= k; p += 4) {
    const o = <usize>p << 2;
    storeTransposed(v128.load(src + o), v128.load(r1 + o), v128.load(r2 + o), v128.load(r3 + o), dst, dst + dstStep,
      dst + 2 * dstStep, dst + 3 * dstStep, 4);
    dst += 4 * dstStep;
  }
  for (; p < k; p++) {
    const o = <usize>p << 2;
    store<f32>(dst, load<f32>(src + o)); store<f32>(dst, load<f32>(r1 + o), 4);
    store<f32>(dst, load<f32>(r2 + o), 8); store<f32>(dst, load<f32>(r3 + o), 12);
    dst += dstStep;
  }
}

/** dst[p] = the 4 floats at src + p·ld, for p < k. */
function copyRows4(dst: usize, src: usize, ld: usize, k: i32): void {
  for (let p = 0; p < k; p++) {
    v128.store(dst, v128.load(src));
    dst += 16; src += ld;
  }
}

/** Offset table for B rows at a fixed stride: boff[p] = p·strideBytes. */
export function strideOffsets(boff: usize, k: i32, strideBytes: i32): void {
  for (let p = 0; p < k; p++) store<i32>(boff + (<usize>p << 2), p * strideBytes);
}

/** Offset table for the taps of a stride-1 convolution over a [C,H,W] image. */
export function convOffsets(boff: usize, c: i32, h: i32, w: i32, kh: i32, kw: i32): void {
  for (let ci = 0; ci < c; ci++)
    for (let a = 0; a < kh; a++)
      for (let b = 0; b < kw; b++) {
        store<i32>(boff, ((ci * h + a) * w + b) << 2);
        boff += 4;
      }
}

/** Offset table for the taps of shiftedCopies: tap (c, a, b) at ((c·kw + b)·hs + a)·ow floats. */
export function shiftedOffsets(boff: usize, c: i32, hs: i32, kh: i32, kw: i32, ow: i32): void {
  for (let ci = 0; ci < c; ci++)
    for (let a = 0; a < kh; a++)
      for (let b = 0; b < kw; b++) {
        store<i32>(boff, (((ci * kw + b) * hs + a) * ow) << 2);
        boff += 4;
      }
}
