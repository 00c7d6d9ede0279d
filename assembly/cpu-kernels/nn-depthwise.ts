// Depthwise convolution (group = input channels; output channel m reads input channel
// m / multiplier): each (image, output channel) plane is one chunk of work. The input
// plane is copied once into zero-padded scratch, so the inner loop has no bounds checks
// and computes 4 output pixels per step: contiguous loads at stride 1 (and at stride 2
// from a copy split by column parity), gathered lanes otherwise; multiply-adds are fused
// where the build has relaxed SIMD.
import { madd } from './madd';
import { chunkCount, claim } from './partition';
import {
  clampTo, D_BIAS, D_C, D_CLAMP, D_DH, D_DW, D_H, D_HI, D_KH, D_KW, D_LO, D_M, D_N, D_OH, D_OW, D_PB, D_PL, D_PR, D_PT,
  D_SCRATCH, D_SCRATCH_STRIDE, D_SH, D_SW, D_W, D_W_IN, D_X, D_Y, field, floatField, storeFirst,
} from './nn-epilogue';

/** Four floats at p, p + s, p + 2s, p + 3s (s in floats). */
// @ts-ignore: decorator
@inline function strided4(p: usize, s: i32): v128 {
  if (s == 1) return v128.load(p);
  if (s == 2) return i8x16.shuffle(v128.load(p), v128.load(p, 16), 0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27);
  const step = <usize>s << 2;
  let v = f32x4.splat(load<f32>(p));
  v = f32x4.replace_lane(v, 1, load<f32>(p + step));
  v = f32x4.replace_lane(v, 2, load<f32>(p + 2 * step));
  return f32x4.replace_lane(v, 3, load<f32>(p + 3 * step));
}

/** Copy an h×w plane into the middle of a (pt+h+pb)×ws plane whose borders (and 16 floats of slack) are zeroed. */
function padPlane(dst: usize, src: usize, h: i32, w: i32, pt: i32, pl: i32, hs: i32, ws: i32): void {
  const z = f32x4.splat(0);
  const pr = ws - w - pl;
  // Top rows, then for each image row its left border, the row, its right border; then the bottom rows and slack.
  let d = dst;
  const top = <usize>(pt * ws) << 2;
  for (let i: usize = 0; i < top; i += 16) v128.store(d + i, z);
  d += top;
  for (let r = 0; r < h; r++) {
    for (let i = 0; i < pl; i++) store<f32>(d + (<usize>i << 2), 0);
    const row = d + (<usize>pl << 2), s = src + (<usize>(r * w) << 2);
    let i = 0;
    for (; i + 4 <= w; i += 4) v128.store(row + (<usize>i << 2), v128.load(s + (<usize>i << 2)));
    for (; i < w; i++) store<f32>(row + (<usize>i << 2), load<f32>(s + (<usize>i << 2)));
    for (let j = 0; j < pr; j++) store<f32>(row + (<usize>(w + j) << 2), 0);
    d += <usize>ws << 2;
  }
  const bottom = <usize>((hs - pt - h) * ws + 16) << 2;
  for (let i: usize = 0; i < bottom; i += 16) v128.store(d + i, z);
}

/**
 * For stride 2: the padded plane split by column parity, even columns in `even` and odd
 * ones in `odd` (each hs rows of `half` floats, zero borders), so every tap of a
 * stride-2 window is a contiguous load.
 */
function padPlaneSplit(even: usize, odd: usize, src: usize, h: i32, w: i32, pt: i32, pl: i32, hs: i32, half: i32): void {
  const z = f32x4.splat(0);
  const total = <usize>(hs * half + 16) << 2;
  for (let i: usize = 0; i < total; i += 16) {
    v128.store(even + i, z);
    v128.store(odd + i, z);
  }
  // Source column i lands at padded column i + pl: source evens go to the plane of pl's parity.
  const toEven = (pl & 1) == 0;
  // In its plane, source column 2j lands at j + pl/2 (rounded down) and column 2j+1 at j + (pl+1)/2 (rounded down).
  const first0 = <usize>((pl + 1) >> 1) << 2, first1 = <usize>(pl >> 1) << 2;
  for (let r = 0; r < h; r++) {
    const s = src + (<usize>(r * w) << 2);
    const rowE = even + (<usize>((r + pt) * half) << 2), rowO = odd + (<usize>((r + pt) * half) << 2);
    const d0 = (toEven ? rowE : rowO) + first1, d1 = (toEven ? rowO : rowE) + first0;
    let j = 0;
    for (; 2 * j + 8 <= w; j += 4) {
      const a = v128.load(s + (<usize>(2 * j) << 2)), b = v128.load(s + (<usize>(2 * j) << 2), 16);
      v128.store(d0 + (<usize>j << 2), i8x16.shuffle(a, b, 0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27));
      v128.store(d1 + (<usize>j << 2), i8x16.shuffle(a, b, 4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31));
    }
    for (; 2 * j < w; j++) {
      store<f32>(d0 + (<usize>j << 2), load<f32>(s + (<usize>(2 * j) << 2)));
      if (2 * j + 1 < w) store<f32>(d1 + (<usize>j << 2), load<f32>(s + (<usize>(2 * j + 1) << 2)));
    }
  }
}

/** One output row of a 3×3 stride-2 window over a parity-split plane: taps 0, 1, 2 are even[q], odd[q], even[q + 1]. */
// @ts-ignore: decorator
@inline function row3x3Split(e0: usize, o0: usize, rowFloats: usize, out: usize, ow: i32, wk: usize, b: v128,
  clamp: bool, lo: v128, hi: v128): void {
  const w0 = v128.load32_splat(wk), w1 = v128.load32_splat(wk, 4), w2 = v128.load32_splat(wk, 8);
  const w3 = v128.load32_splat(wk, 12), w4 = v128.load32_splat(wk, 16), w5 = v128.load32_splat(wk, 20);
  const w6 = v128.load32_splat(wk, 24), w7 = v128.load32_splat(wk, 28), w8 = v128.load32_splat(wk, 32);
  const row = rowFloats << 2;
  for (let q = 0; q < ow; q += 4) {
    const at = <usize>q << 2;
    let e = e0 + at, o = o0 + at;
    let acc = madd(true, b, w0, v128.load(e));
    acc = madd(true, acc, w1, v128.load(o));
    acc = madd(true, acc, w2, v128.load(e, 4));
    e += row; o += row;
    acc = madd(true, acc, w3, v128.load(e));
    acc = madd(true, acc, w4, v128.load(o));
    acc = madd(true, acc, w5, v128.load(e, 4));
    e += row; o += row;
    acc = madd(true, acc, w6, v128.load(e));
    acc = madd(true, acc, w7, v128.load(o));
    acc = madd(true, acc, w8, v128.load(e, 4));
    storeFirst(out + at, clampTo(acc, clamp, lo, hi), min(4, ow - q));
  }
}

/**
 * One output row of a 3×3 window at stride `sw` (1 or 2): the 9 weights stay in
 * registers and each step makes 8 pixels (two accumulators), reading three padded input
 * rows. Bias and clamp as in the general path.
 */
// @ts-ignore: decorator
@inline function row3x3(r0: usize, r1: usize, r2: usize, out: usize, ow: i32, sw: i32, dw: i32, wk: usize, b: v128,
  clamp: bool, lo: v128, hi: v128): void {
  const w0 = v128.load32_splat(wk), w1 = v128.load32_splat(wk, 4), w2 = v128.load32_splat(wk, 8);
  const w3 = v128.load32_splat(wk, 12), w4 = v128.load32_splat(wk, 16), w5 = v128.load32_splat(wk, 20);
  const w6 = v128.load32_splat(wk, 24), w7 = v128.load32_splat(wk, 28), w8 = v128.load32_splat(wk, 32);
  const t1 = <usize>dw << 2, t2 = <usize>(2 * dw) << 2;
  const half = <usize>(4 * sw) << 2;
  for (let q = 0; q < ow; q += 8) {
    const at = <usize>(q * sw) << 2;
    let a = b, c = b;
    let p = r0 + at;
    a = madd(true, a, w0, strided4(p, sw)); c = madd(true, c, w0, strided4(p + half, sw));
    a = madd(true, a, w1, strided4(p + t1, sw)); c = madd(true, c, w1, strided4(p + half + t1, sw));
    a = madd(true, a, w2, strided4(p + t2, sw)); c = madd(true, c, w2, strided4(p + half + t2, sw));
    p = r1 + at;
    a = madd(true, a, w3, strided4(p, sw)); c = madd(true, c, w3, strided4(p + half, sw));
    a = madd(true, a, w4, strided4(p + t1, sw)); c = madd(true, c, w4, strided4(p + half + t1, sw));
    a = madd(true, a, w5, strided4(p + t2, sw)); c = madd(true, c, w5, strided4(p + half + t2, sw));
    p = r2 + at;
    a = madd(true, a, w6, strided4(p, sw)); c = madd(true, c, w6, strided4(p + half, sw));
    a = madd(true, a, w7, strided4(p + t1, sw)); c = madd(true, c, w7, strided4(p + half + t1, sw));
    a = madd(true, a, w8, strided4(p + t2, sw)); c = madd(true, c, w8, strided4(p + half + t2, sw));
    const o = out + (<usize>q << 2);
    storeFirst(o, clampTo(a, clamp, lo, hi), min(4, ow - q));
    if (ow - q > 4) storeFirst(o + 16, clampTo(c, clamp, lo, hi), min(4, ow - q - 4));
  }
}

/** The depthwise convolution described at `desc` (nn-epilogue.ts); W is [M, 1, KH, KW] as ONNX has it. */
export function nnDepthwise(tid: i32, nt: i32, counter: usize, chunk: i32, desc: usize): void {
  const n = field(desc, D_N), c = field(desc, D_C), m = field(desc, D_M);
  const h = field(desc, D_H), w = field(desc, D_W_IN), kh = field(desc, D_KH), kw = field(desc, D_KW);
  const sh = field(desc, D_SH), sw = field(desc, D_SW), dh = field(desc, D_DH), dw = field(desc, D_DW);
  const pt = field(desc, D_PT), pl = field(desc, D_PL), oh = field(desc, D_OH), ow = field(desc, D_OW);
  // Padded plane: wide enough that the last 4-pixel step of a row may read past it (into the next row or the slack).
  const hs = h + pt + field(desc, D_PB), ws = w + pl + field(desc, D_PR);
  const x = <usize>field(desc, D_X), wt = <usize>field(desc, D_W), bias = <usize>field(desc, D_BIAS), y = <usize>field(desc, D_Y);
  const padded = <usize>field(desc, D_SCRATCH) + <usize>tid * <usize>field(desc, D_SCRATCH_STRIDE);
  const clamp = field(desc, D_CLAMP) != 0;
  const lo = f32x4.splat(floatField(desc, D_LO)), hi = f32x4.splat(floatField(desc, D_HI));
  const multiplier = m / c, taps = kh * kw;
  const fast3x3 = kh == 3 && kw == 3 && (sw == 1 || sw == 2);
  // Stride 2 without dilation: the plane split by column parity (contiguous taps).
  const split = fast3x3 && sw == 2 && dw == 1;
  const half = (ws + 1) / 2 + 4;
  const odd = padded + (<usize>(hs * half + 32) << 2);
  const rowBytes = <usize>ws << 2;
  const planes = n * m;
  const chunks = chunkCount(planes, chunk);
  for (let ch = claim(counter); ch < chunks; ch = claim(counter)) {
    for (let plane = ch * chunk, end = min(planes, plane + chunk); plane < end; plane++) {
      const img = plane / m, oc = plane - img * m;
      const src = x + (<usize>((img * c + oc / multiplier) * h * w) << 2);
      if (split) padPlaneSplit(padded, odd, src, h, w, pt, pl, hs, half);
      else padPlane(padded, src, h, w, pt, pl, hs, ws);
      const wk = wt + (<usize>(oc * taps) << 2);
      const b = bias ? f32x4.splat(load<f32>(bias + (<usize>oc << 2))) : f32x4.splat(0);
      const out = y + (<usize>(plane * oh * ow) << 2);
      for (let r = 0; r < oh; r++) {
        const rowOut = out + (<usize>(r * ow) << 2);
        if (split) {
          const at = <usize>(r * sh * half) << 2;
          row3x3Split(padded + at, odd + at, <usize>(dh * half), rowOut, ow, wk, b, clamp, lo, hi);
          continue;
        }
        if (fast3x3) {
          const r0 = padded + <usize>(r * sh) * rowBytes;
          row3x3(r0, r0 + <usize>dh * rowBytes, r0 + <usize>(2 * dh) * rowBytes, rowOut, ow, sw, dw, wk, b, clamp, lo, hi);
          continue;
        }
        for (let q = 0; q < ow; q += 4) {
          let acc = b;
          for (let a = 0; a < kh; a++) {
            const rowIn = padded + (<usize>((r * sh + a * dh) * ws + q * sw) << 2);
            for (let t = 0; t < kw; t++) {
              const v = strided4(rowIn + (<usize>(t * dw) << 2), sw);
              acc = madd(true, acc, v128.load32_splat(wk + (<usize>(a * kw + t) << 2)), v);
            }
          }
          storeFirst(rowOut + (<usize>q << 2), clampTo(acc, clamp, lo, hi), min(4, ow - q));
        }
      }
    }
  }
}
