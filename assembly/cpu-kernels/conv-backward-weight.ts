// Convolution weight and bias gradients: direct (stride 1) or through im2col (any stride),
// both by the register blocks of conv-weight-blocks.ts.
import { im2col, padImage, shiftedCopies } from './im2col';
import { chunkCount, claim } from './partition';
import { copyFloats, zeroFloats } from './copy';
import { addInto, sumRows } from './elementwise';
import { weightBlock, weightBlock3x3Fused } from './conv-weight-blocks';

// @ts-ignore: decorator
@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/**
 * Any stride: Σ_n dy_n · im2col(x_n)ᵀ, the im2col matrix's rows read as taps through
 * `toff` (strideOffsets: row t at t·OH·OW floats) by the blocks of
 * convBackwardWeightDirect, with the same accumulators and per-chunk partial sums.
 * Per-thread scratch: 256 B | accumulators (weightBlockAccBytes) | col [K × OH·OW].
 */
export function convBackwardWeight(tid: i32, nt: i32, counter: usize, chunk: i32, x: usize, dy: usize, partials: usize,
  toff: usize, scratch: usize, scratchStride: i32, n: i32, c: i32, h: i32, w: i32, o: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, pt: i32, pl: i32, oh: i32, ow: i32, fused: i32): void {
  const k = c * kh * kw, plane = oh * ow;
  const acc = scratch + <usize>tid * scratchStride + 256;
  const accBytes = weightBlockAccBytes(o, k);
  const col = acc + accBytes;
  const imageBytes = <usize>(c * h * w) << 2, outBytes = <usize>(o * plane) << 2;
  const chunks = chunkCount(n, chunk);
  for (let ch = claim(counter); ch < chunks; ch = claim(counter)) {
    zeroFloats(acc, accBytes >> 2);
    for (let img = ch * chunk, end = min(n, img + chunk); img < end; img++) {
      im2col(col, x + <usize>img * imageBytes, c, h, w, kh, kw, sh, sw, pt, pl, oh, ow);
      runBlocks(fused != 0, acc, dy + <usize>img * outBytes, col, toff, o, k, plane, 1, plane, 0, 0);
    }
    reduceBlocks(acc, partials + (<usize>(ch * o * k) << 2), o, k);
  }
}

/** Bytes of the vector accumulators of the weight gradients (whole 2×4 or 3×3 blocks). */
export function weightBlockAccBytes(o: i32, k: i32): i32 {
  return (o + 1) * blockTaps(k) * 16;
}

/** Accumulators per output channel: the taps rounded up to whole blocks of 4 and of 3. */
// @ts-ignore: decorator
@inline function blockTaps(k: i32): i32 {
  return (k + 11) / 12 * 12;
}

/**
 * Stride-1 weight gradient without im2col: Σ_n dy_n ⋆ x_n, taps read through `toff`:
 * the (padded) image itself (convOffsets, `group` 0) or shiftedCopies (shiftedOffsets:
 * rows not a multiple of 4 wide become one contiguous run), made for `group` images at
 * a time so that each block runs over all of them (LeNet's conv2 has 25 vectors per
 * plane: per image, a block's set-up would cost a fifth of its work). Blocks of 2
 * output channels × 4 taps or 3 × 3 (conv-weight-blocks.ts) accumulate vectors over a
 * chunk of images, in image order whatever the grouping; chunk ch then stores its
 * horizontal sums at partials + ch·O·K floats (summed in order by sumPartials), so the
 * result does not depend on which thread took which chunk.
 * Per-thread scratch: 256 B | accumulators (weightBlockAccBytes) | padded image | group × shifted copies.
 */
export function convBackwardWeightDirect(tid: i32, nt: i32, counter: usize, chunk: i32, x: usize, dy: usize,
  partials: usize, toff: usize, scratch: usize, scratchStride: i32, n: i32, c: i32, h: i32, w: i32, o: i32,
  kh: i32, kw: i32, pt: i32, pl: i32, pb: i32, pr: i32, oh: i32, ow: i32, group: i32, fused: i32): void {
  const k = c * kh * kw, plane = oh * ow;
  const acc = scratch + <usize>tid * scratchStride + 256;
  const accBytes = weightBlockAccBytes(o, k);
  const padded = acc + accBytes;
  const imageBytes = <usize>(c * h * w) << 2, outBytes = <usize>(o * plane) << 2;
  const step = max(1, group);
  const chunks = chunkCount(n, chunk);
  for (let ch = claim(counter); ch < chunks; ch = claim(counter)) {
    zeroFloats(acc, accBytes >> 2);
    for (let img = ch * chunk, end = min(n, img + chunk); img < end; img += step)
      directImages(x + <usize>img * imageBytes, dy + <usize>img * outBytes, min(step, end - img), acc, padded, toff,
        c, h, w, o, kw, k, pt, pl, pb, pr, oh, ow, group > 0, fused != 0);
    reduceBlocks(acc, partials + (<usize>(ch * o * k) << 2), o, k);
  }
}

/**
 * acc += Σ dy_n ⋆ x_n over `count` consecutive images: one image read in place (its
 * padded copy in `padded` if needed), or the shifted copies of all `count`.
 */
function directImages(x: usize, d: usize, count: i32, acc: usize, padded: usize, toff: usize, c: i32, h: i32, w: i32,
  o: i32, kw: i32, k: i32, pt: i32, pl: i32, pb: i32, pr: i32, oh: i32, ow: i32, shifted: bool, fused: bool): void {
  const hs = h + pt + pb, ws = w + pl + pr;
  const ldp = <usize>(oh * ow) << 2;
  // A block runs over `rows` runs of `width` pixels: the image's rows, or one plane per image.
  let src: usize, rows = oh, width = ow, dRowBytes = <usize>ow << 2, xRowBytes = <usize>ws << 2;
  if (shifted) {
    const copies = padded + (pt | pl | pb | pr ? (<usize>(c * hs * ws) << 2) + 64 : 0);
    const copyBytes = <usize>(c * kw * hs * ow) << 2, imageBytes = <usize>(c * h * w) << 2;
    for (let j = 0; j < count; j++)
      shiftedCopies(copies + <usize>j * copyBytes, paddedImage(padded, x + <usize>j * imageBytes, c, h, w, pt, pl, pb, pr),
        c, hs, ws, kw, ow);
    src = copies;
    rows = count; width = oh * ow; dRowBytes = <usize>o * ldp; xRowBytes = copyBytes;
  } else src = paddedImage(padded, x, c, h, w, pt, pl, pb, pr);
  runBlocks(fused, acc, d, src, toff, o, k, oh * ow, rows, width, dRowBytes, xRowBytes);
}

/**
 * acc += the output gradient d [O × plane floats] against the taps at src + toff[t], in
 * blocks of 2 output channels × 4 taps or 3 × 3 over `rows` runs of `width` pixels.
 */
function runBlocks(fused: bool, acc: usize, d: usize, src: usize, toff: usize, o: i32, k: i32, plane: i32, rows: i32,
  width: i32, dRowBytes: usize, xRowBytes: usize): void {
  const ldp = <usize>plane << 2, lda = <usize>blockTaps(k) << 4;
  // With fused multiply-add, 3×3 blocks (see conv-weight-blocks.ts) for all but an even
  // number of channels left to 2×4 blocks (16 = 4·3 + 2·2): a lone channel would pair with
  // itself in a 2×4 block, half its work wasted.
  let threes = fused ? o - o % 3 : 0;
  if ((o - threes) & 1) threes = max(0, threes - 3);
  let i = 0;
  for (; i < threes; i += 3) {
    const d0 = d + <usize>i * ldp;
    const accRow = acc + <usize>i * lda;
    for (let t = 0; t < k; t += 3)
      weightBlock3x3Fused(accRow + (<usize>t << 4), lda, d0, d0 + ldp, d0 + 2 * ldp, tap(src, toff, t, k),
        tap(src, toff, t + 1, k), tap(src, toff, t + 2, k), rows, width, dRowBytes, xRowBytes);
  }
  for (; i < o; i += 2) {
    // An odd last channel pairs with itself; its twin lands in an accumulator row never read.
    const d0 = d + <usize>i * ldp, d1 = i + 1 < o ? d0 + ldp : d0;
    const accRow = acc + <usize>i * lda;
    for (let t = 0; t < k; t += 4)
      weightBlock(fused, accRow + (<usize>t << 4), lda, d0, d1, tap(src, toff, t, k), tap(src, toff, t + 1, k),
        tap(src, toff, t + 2, k), tap(src, toff, t + 3, k), rows, width, dRowBytes, xRowBytes);
  }
}

/** The image itself, or its zero-padded copy made in `padded`. */
function paddedImage(padded: usize, x: usize, c: i32, h: i32, w: i32, pt: i32, pl: i32, pb: i32, pr: i32): usize {
  if ((pt | pl | pb | pr) == 0) return x;
  padImage(padded, x, c, h, w, pt, pl, pb, pr);
  return padded;
}

/** Address of tap t, or of tap 0 past the last tap (its sums land in accumulators never read). */
// @ts-ignore: decorator
@inline function tap(src: usize, toff: usize, t: i32, k: i32): usize {
  return src + <usize>load<i32>(toff + (t < k ? <usize>t << 2 : 0));
}

/** partial[i][t] = the lanes of accumulator (i, t) added, for the O×K real blocks entries. */
function reduceBlocks(acc: usize, partial: usize, o: i32, k: i32): void {
  const lda = <usize>blockTaps(k) << 4;
  const k4 = k & ~3;
  for (let i = 0; i < o; i++) {
    const row = acc + <usize>i * lda;
    let t = 0;
    for (; t < k4; t += 4) {
      v128.store(partial, hsum4(row + (<usize>t << 4)));
      partial += 16;
    }
    for (; t < k; t++) {
      store<f32>(partial, hsum(v128.load(row + (<usize>t << 4))));
      partial += 4;
    }
  }
}

/** The lane sums of the 4 consecutive vectors at p, as one vector (a 4×4 transpose, added). */
// @ts-ignore: decorator
@inline function hsum4(p: usize): v128 {
  const a0 = v128.load(p), a1 = v128.load(p, 16), a2 = v128.load(p, 32), a3 = v128.load(p, 48);
  const p01 = f32x4.add(v128.shuffle<f32>(a0, a1, 0, 1, 4, 5), v128.shuffle<f32>(a0, a1, 2, 3, 6, 7));
  const p23 = f32x4.add(v128.shuffle<f32>(a2, a3, 0, 1, 4, 5), v128.shuffle<f32>(a2, a3, 2, 3, 6, 7));
  return f32x4.add(v128.shuffle<f32>(p01, p23, 0, 2, 4, 6), v128.shuffle<f32>(p01, p23, 1, 3, 5, 7));
}

/** dst = Σ_{i < count} partials[i] (each `size` floats), summed in index order. */
export function sumPartials(dst: usize, partials: usize, count: i32, size: i32): void {
  copyFloats(dst, partials, size);
  for (let i = 1; i < count; i++) addInto(dst, partials + (<usize>(i * size) << 2), size);
}

/**
 * db[o] = Σ_n Σ_p dy[n][o][p]: per plane four independent vector sums (one chain of
 * dependent adds would wait out the add latency at every vector), the planes' sums
 * added in float64 (a float32 running sum over the batch loses most of the accuracy).
 */
export function convBiasGrad(dy: usize, db: usize, n: i32, o: i32, plane: i32): void {
  if (plane == 1) {
    // One pixel per plane (a kernel covering the image): column sums of dy [N × O].
    sumRows(dy, db, n, o);
    return;
  }
  const planeBytes = <usize>plane << 2, imageBytes = <usize>o * planeBytes;
  for (let i = 0; i < o; i++) {
    let s: f64 = 0;
    for (let img = 0; img < n; img++) s += planeSum(dy + <usize>img * imageBytes + <usize>i * planeBytes, plane);
    store<f32>(db + (<usize>i << 2), <f32>s);
  }
}

/** Σ of `len` floats at p: 16 float32 partial sums, added in float64. */
function planeSum(p: usize, len: i32): f64 {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  const end16 = p + (<usize>(len & ~15) << 2), end4 = p + (<usize>(len & ~3) << 2), end = p + (<usize>len << 2);
  for (; p < end16; p += 64) {
    a0 = f32x4.add(a0, v128.load(p)); a1 = f32x4.add(a1, v128.load(p, 16));
    a2 = f32x4.add(a2, v128.load(p, 32)); a3 = f32x4.add(a3, v128.load(p, 48));
  }
  for (; p < end4; p += 16) a0 = f32x4.add(a0, v128.load(p));
  let s = hsum64(a0) + hsum64(a1) + hsum64(a2) + hsum64(a3);
  for (; p < end; p += 4) s += <f64>load<f32>(p);
  return s;
}

// @ts-ignore: decorator
@inline function hsum64(v: v128): f64 {
  return <f64>f32x4.extract_lane(v, 0) + <f64>f32x4.extract_lane(v, 1) + <f64>f32x4.extract_lane(v, 2) + <f64>f32x4.extract_lane(v, 3);
}
