// Packing: copy a matrix block into the panel layouts the micro-kernels read.

/**
 * Rows [i0, i0+rows) of op(A), reduction range [p0, p0+kc), into MR-row panels:
 * dst[panel][p][MR], rows past the end zero-filled. op(A)[i][p] = trans ? a[p·lda+i] : a[i·lda+p].
 */
export function packA(dst: usize, a: usize, lda: i32, trans: i32, i0: i32, rows: i32, p0: i32, kc: i32, mr: i32): void {
  for (let ib = 0; ib < rows; ib += mr) {
    const valid = min(mr, rows - ib);
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
