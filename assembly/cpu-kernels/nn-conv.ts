// Convolution as a matrix product with weights packed once per model:
//   Y[m, p] = Σ_k W[m, k] · B[k, p] (+ bias[m], clamped)   k = (c, kh, kw) taps, p = output pixels.
// W is packed in 6-row panels (for each k, 6 consecutive floats; rows past M are zero).
// B is never materialised whole: for each block of 8 output pixels the kernel either
// reads the input rows in place (a 1×1, stride-1, unpadded convolution: B is the image)
// or gathers the block's K×8 taps into scratch (any stride, padding or dilation).
// Work is cut into (image, panel range, pixel range) chunks that the threads claim, so a
// single image still spreads over every thread.
import { chunkCount, claim } from './partition';
import {
  clampTo, D_BIAS, D_C, D_CLAMP, D_COLS_PER_CHUNK, D_DH, D_DW, D_H, D_HI, D_KH, D_KW, D_LO, D_M, D_N, D_OH, D_OW,
  D_PANELS_PER_CHUNK, D_PL, D_PT, D_SCRATCH, D_SCRATCH_STRIDE, D_SH, D_SW, D_W, D_W_IN, D_X, D_X_IMAGE, D_Y,
  D_Y_IMAGE, field, floatField, storeFirst,
} from './nn-epilogue';

const MR: i32 = 6;
const NB: i32 = 8;

// @ts-ignore: decorator
@inline function madd(acc: v128, a: v128, b: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b));
}

/**
 * One 6×8 tile: rows of a packed panel `a` (K steps of 6 floats) times B rows of 8
 * floats at b + k·bStride, then bias and clamp, stored to `rows` rows of y (ldy bytes
 * apart) with `cols` valid columns.
 */
function tile(a: usize, b: usize, bStride: usize, k: i32, y: usize, ldy: usize, rows: i32, cols: i32,
  bias: usize, clamp: bool, lo: v128, hi: v128): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0), c41 = f32x4.splat(0), c50 = f32x4.splat(0), c51 = f32x4.splat(0);
  for (let p = 0; p < k; p++) {
    const x0 = v128.load(b), x1 = v128.load(b, 16);
    let av = v128.load32_splat(a);
    c00 = madd(c00, av, x0); c01 = madd(c01, av, x1);
    av = v128.load32_splat(a, 4);
    c10 = madd(c10, av, x0); c11 = madd(c11, av, x1);
    av = v128.load32_splat(a, 8);
    c20 = madd(c20, av, x0); c21 = madd(c21, av, x1);
    av = v128.load32_splat(a, 12);
    c30 = madd(c30, av, x0); c31 = madd(c31, av, x1);
    av = v128.load32_splat(a, 16);
    c40 = madd(c40, av, x0); c41 = madd(c41, av, x1);
    av = v128.load32_splat(a, 20);
    c50 = madd(c50, av, x0); c51 = madd(c51, av, x1);
    a += 24;
    b += bStride;
  }
  const n0 = min(cols, 4), n1 = cols - 4;
  storeRow(c00, c01, y, n0, n1, bias, 0, clamp, lo, hi);
  if (rows > 1) storeRow(c10, c11, y + ldy, n0, n1, bias, 1, clamp, lo, hi);
  if (rows > 2) storeRow(c20, c21, y + 2 * ldy, n0, n1, bias, 2, clamp, lo, hi);
  if (rows > 3) storeRow(c30, c31, y + 3 * ldy, n0, n1, bias, 3, clamp, lo, hi);
  if (rows > 4) storeRow(c40, c41, y + 4 * ldy, n0, n1, bias, 4, clamp, lo, hi);
  if (rows > 5) storeRow(c50, c51, y + 5 * ldy, n0, n1, bias, 5, clamp, lo, hi);
}

// @ts-ignore: decorator
@inline function storeRow(v0: v128, v1: v128, y: usize, n0: i32, n1: i32, bias: usize, row: i32, clamp: bool, lo: v128, hi: v128): void {
  if (bias) {
    const bv = v128.load32_splat(bias + (<usize>row << 2));
    v0 = f32x4.add(v0, bv);
    v1 = f32x4.add(v1, bv);
  }
  storeFirst(y, clampTo(v0, clamp, lo, hi), n0);
  if (n1 > 0) storeFirst(y + 16, clampTo(v1, clamp, lo, hi), n1);
}

/**
 * The K×8 taps of output pixels [p0, p0 + 8) of one image, gathered into `dst`
 * (row k at dst + k·32); pixels past the end and taps in the padding read as zero.
 */
function gatherBlock(dst: usize, x: usize, p0: i32, desc: usize, iy0: usize, ix0: usize): void {
  const c = field(desc, D_C), h = field(desc, D_H), w = field(desc, D_W_IN);
  const kh = field(desc, D_KH), kw = field(desc, D_KW), dh = field(desc, D_DH), dw = field(desc, D_DW);
  const ow = field(desc, D_OW), pixels = field(desc, D_OH) * ow;
  const sh = field(desc, D_SH), sw = field(desc, D_SW), pt = field(desc, D_PT), pl = field(desc, D_PL);
  // Per pixel of the block: the input row/column its window starts at (a huge row for pixels past the end).
  for (let q = 0; q < NB; q++) {
    const p = p0 + q;
    const oy = p / ow, ox = p - oy * ow;
    store<i32>(iy0 + (<usize>q << 2), p < pixels ? oy * sh - pt : 0x40000000);
    store<i32>(ix0 + (<usize>q << 2), ox * sw - pl);
  }
  for (let ci = 0; ci < c; ci++) {
    const plane = x + (<usize>(ci * h * w) << 2);
    for (let a = 0; a < kh; a++) {
      for (let b = 0; b < kw; b++) {
        for (let q = 0; q < NB; q++) {
          const iy = load<i32>(iy0 + (<usize>q << 2)) + a * dh, ix = load<i32>(ix0 + (<usize>q << 2)) + b * dw;
          const inside = <u32>iy < <u32>h && <u32>ix < <u32>w;
          store<f32>(dst + (<usize>q << 2), inside ? load<f32>(plane + (<usize>(iy * w + ix) << 2)) : 0);
        }
        dst += NB << 2;
      }
    }
  }
}

/** The convolution described at `desc` (nn-epilogue.ts), chunks claimed from `counter`. */
export function nnConv(tid: i32, nt: i32, counter: usize, chunk: i32, desc: usize): void {
  const n = field(desc, D_N), m = field(desc, D_M);
  const k = field(desc, D_C) * field(desc, D_KH) * field(desc, D_KW);
  const pixels = field(desc, D_OH) * field(desc, D_OW);
  const direct = field(desc, D_KH) == 1 && field(desc, D_KW) == 1 && field(desc, D_SH) == 1 && field(desc, D_SW) == 1 &&
    field(desc, D_PT) == 0 && field(desc, D_PL) == 0 && field(desc, D_OH) == field(desc, D_H) && field(desc, D_OW) == field(desc, D_W_IN);
  const panels = (m + MR - 1) / MR;
  const ppc = field(desc, D_PANELS_PER_CHUNK), cpc = field(desc, D_COLS_PER_CHUNK);
  const panelChunks = chunkCount(panels, ppc), colChunks = chunkCount(pixels, cpc);
  const x = <usize>field(desc, D_X), wp = <usize>field(desc, D_W), bias = <usize>field(desc, D_BIAS), y = <usize>field(desc, D_Y);
  const xImage = <usize>field(desc, D_X_IMAGE) << 2, yImage = <usize>field(desc, D_Y_IMAGE) << 2;
  const scratch = <usize>field(desc, D_SCRATCH) + <usize>tid * <usize>field(desc, D_SCRATCH_STRIDE);
  const iy0 = scratch, ix0 = scratch + 32, block = scratch + 64;
  const clamp = field(desc, D_CLAMP) != 0;
  const lo = f32x4.splat(floatField(desc, D_LO)), hi = f32x4.splat(floatField(desc, D_HI));
  const ldy = <usize>pixels << 2;
  const panelBytes = <usize>(k * MR) << 2;
  const chunks = n * panelChunks * colChunks;
  for (let ch = claim(counter); ch < chunks; ch = claim(counter)) {
    const img = ch / (panelChunks * colChunks);
    const rest = ch - img * panelChunks * colChunks;
    const pc = rest / colChunks, cc = rest - pc * colChunks;
    const xi = x + <usize>img * xImage, yi = y + <usize>img * yImage;
    const panel0 = pc * ppc, panel1 = min(panels, panel0 + ppc);
    const col0 = cc * cpc, col1 = min(pixels, col0 + cpc);
    for (let p = col0; p < col1; p += NB) {
      const cols = min(NB, col1 - p);
      let b: usize, bStride: usize;
      if (direct && p + NB <= pixels) {
        b = xi + (<usize>p << 2);
        bStride = ldy;
      } else {
        gatherBlock(block, xi, p, desc, iy0, ix0);
        b = block;
        bStride = NB << 2;
      }
      for (let pn = panel0; pn < panel1; pn++) {
        const row = pn * MR;
        tile(wp + <usize>pn * panelBytes, b, bStride, k, yi + <usize>row * ldy + (<usize>p << 2), ldy, min(MR, m - row), cols,
          bias ? bias + (<usize>row << 2) : 0, clamp, lo, hi);
      }
    }
  }
}
