// Convolution as a matrix product with weights packed once per model:
//   Y[m, p] = Σ_k W[m, k] · B[k, p] (+ bias[m], clamped)   k = (c, kh, kw) taps, p = output pixels.
// W is packed in 4-row panels (for each k, 4 consecutive floats; rows past M are zero).
// B is never materialised whole: for each block of 8 output pixels the kernel either
// reads the input rows in place (a 1×1, stride-1, unpadded convolution: B is the image)
// or gathers the block's K×8 taps into scratch (any stride, padding or dilation).
// Work is cut into (image, panel range, pixel range) chunks that the threads claim, so a
// single image still spreads over every thread.
import { madd as fusedOrNot } from './madd';
import { chunkCount, claim } from './partition';
import {
  clampTo, D_BIAS, D_C, D_CLAMP, D_COLS_PER_CHUNK, D_DH, D_DW, D_H, D_HI, D_KH, D_KW, D_LO, D_M, D_N, D_OH, D_OW,
  D_PANELS_PER_CHUNK, D_PL, D_PT, D_SCRATCH, D_SCRATCH_STRIDE, D_SH, D_SW, D_W, D_W_IN, D_X, D_X_IMAGE, D_Y,
  D_Y_IMAGE, field, floatField, storeFirst,
} from './nn-epilogue';

const MR: i32 = 4;
const NB: i32 = 8;

/** acc + a·b, fused into one rounding where the build has relaxed SIMD (inference only, no gradients to match). */
// @ts-ignore: decorator
@inline function madd(acc: v128, a: v128, b: v128): v128 {
  return fusedOrNot(true, acc, a, b);
}

/**
 * One 4×8 tile of bare sums: rows of a packed panel `a` (K steps of 4 floats) times a
 * packed B block (K steps of 8 floats), stored to `rows` rows of y (ldy bytes apart),
 * `cols` valid columns. 8 accumulators, 2 B vectors and a broadcast weight fit V8's 15
 * vector registers; the epilogue runs separately so nothing spills in the loop.
 */
function tile(a: usize, b: usize, k: i32, y: usize, ldy: usize, rows: i32, cols: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
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
    a += 16;
    b += 32;
  }
  const n0 = min(cols, 4), n1 = cols - 4;
  storeFirst(y, c00, n0); if (n1 > 0) storeFirst(y + 16, c01, n1);
  if (rows > 1) { y += ldy; storeFirst(y, c10, n0); if (n1 > 0) storeFirst(y + 16, c11, n1); }
  if (rows > 2) { y += ldy; storeFirst(y, c20, n0); if (n1 > 0) storeFirst(y + 16, c21, n1); }
  if (rows > 3) { y += ldy; storeFirst(y, c30, n0); if (n1 > 0) storeFirst(y + 16, c31, n1); }
}

/** y[r][0..cols) = clamp(y + bias[r]) for `rows` rows ldy bytes apart. */
function epilogue(y: usize, ldy: usize, rows: i32, cols: i32, bias: usize, clamp: bool, lo: v128, hi: v128): void {
  if (!bias && !clamp) return;
  for (let r = 0; r < rows; r++, y += ldy) {
    const bv = bias ? v128.load32_splat(bias + (<usize>r << 2)) : f32x4.splat(0);
    let q = 0;
    for (; q + 4 <= cols; q += 4) {
      const p = y + (<usize>q << 2);
      v128.store(p, clampTo(f32x4.add(v128.load(p), bv), clamp, lo, hi));
    }
    for (; q < cols; q++) {
      const p = y + (<usize>q << 2);
      store<f32>(p, f32x4.extract_lane(clampTo(f32x4.add(f32x4.splat(load<f32>(p)), bv), clamp, lo, hi), 0));
    }
  }
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
  // Eight pixels of one output row whose windows stay inside the image: whole-vector loads, no checks.
  const oy = p0 / ow, ox = p0 - oy * ow;
  const iyTop = oy * sh - pt, ixLeft = ox * sw - pl;
  if ((sw == 1 || sw == 2) && ox + NB <= ow && iyTop >= 0 && iyTop + (kh - 1) * dh < h && ixLeft >= 0 &&
    ixLeft + (NB - 1) * sw + (kw - 1) * dw < w) {
    for (let ci = 0; ci < c; ci++) {
      const plane = x + (<usize>(ci * h * w) << 2);
      for (let a = 0; a < kh; a++) {
        const row = plane + (<usize>((iyTop + a * dh) * w + ixLeft) << 2);
        for (let b = 0; b < kw; b++) {
          const src = row + (<usize>(b * dw) << 2);
          if (sw == 1) {
            v128.store(dst, v128.load(src));
            v128.store(dst, v128.load(src, 16), 16);
          } else {
            v128.store(dst, i8x16.shuffle(v128.load(src), v128.load(src, 16), 0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27));
            v128.store(dst, i8x16.shuffle(v128.load(src, 32), v128.load(src, 48), 0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27), 16);
          }
          dst += NB << 2;
        }
      }
    }
    return;
  }
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

/** Rows k of the 8 pixels at x + p (a 1×1 stride-1 unpadded image: B is the image itself), packed K×8 at dst. */
function copyBlock(dst: usize, x: usize, k: i32, rowBytes: usize): void {
  for (let i = 0; i < k; i++) {
    v128.store(dst, v128.load(x));
    v128.store(dst, v128.load(x, 16), 16);
    x += rowBytes;
    dst += NB << 2;
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
  // Scratch: pixel window starts (2 × 8 i32), then the chunk's B blocks, K×8 floats each.
  const iy0 = scratch, ix0 = scratch + 32, blocks = scratch + 64;
  const blockBytes = <usize>(k * NB) << 2;
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
    // Pack the chunk's columns of B once: contiguous blocks stream well and serve every panel.
    let dst = blocks;
    for (let p = col0; p < col1; p += NB) {
      if (direct && p + NB <= pixels) copyBlock(dst, xi + (<usize>p << 2), k, ldy);
      else gatherBlock(dst, xi, p, desc, iy0, ix0);
      dst += blockBytes;
    }
    for (let pn = panel0; pn < panel1; pn++) {
      const row = pn * MR;
      const a = wp + <usize>pn * panelBytes;
      const rows = min(MR, m - row);
      const rowBias = bias ? bias + (<usize>row << 2) : 0;
      let b = blocks;
      for (let p = col0; p < col1; p += NB) {
        tile(a, b, k, yi + <usize>row * ldy + (<usize>p << 2), ldy, rows, min(NB, col1 - p));
        b += blockBytes;
      }
      epilogue(yi + <usize>row * ldy + (<usize>col0 << 2), ldy, rows, col1 - col0, rowBias, clamp, lo, hi);
    }
  }
}
