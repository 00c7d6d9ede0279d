// Convolution forward (and, with flipped weights, the stride-1 input gradient).
import { tile1, tile2 } from './microkernel';
import { im2col, padImage, shiftedCopies } from './im2col';
import { chunkCount, claim } from './partition';

/**
 * Multiply packed weights (O rows × K = taps, MR-row panels) with one image's tap
 * rows, for `rows` output rows of `rowLen` pixels. Row r's taps start at
 * src + r·srcRowBytes, tap p at + boff[p]. Output rows are contiguous in each channel
 * plane of `plane` floats. The rows are cut into 4-pixel segments (the last of a row
 * possibly shorter) and consecutive segments are multiplied two at a time.
 */
function convImage(src: usize, srcRowBytes: usize, apack: usize, boff: usize, k: i32, bias: usize,
  out: usize, plane: i32, o: i32, rows: i32, rowLen: i32, mr: i32, flags: i32): void {
  const ldc = <usize>plane << 2;
  const panelBytes = <usize>(mr * k) << 2;
  let pending = false;
  let pb: usize = 0, pc: usize = 0;
  let pv = 0;
  for (let r = 0; r < rows; r++) {
    const rowSrc = src + <usize>r * srcRowBytes;
    const rowDst = out + (<usize>(r * rowLen) << 2);
    for (let q = 0; q < rowLen; q += 4) {
      const valid = min(4, rowLen - q);
      const b = rowSrc + (<usize>q << 2), c = rowDst + (<usize>q << 2);
      if (!pending) {
        pb = b; pc = c; pv = valid;
        pending = true;
        continue;
      }
      let a = apack;
      for (let op = 0; op < o; op += mr) {
        tile2(mr, a, pb, b - pb, boff, k, pc + <usize>op * ldc, c - pc, ldc, min(mr, o - op), pv, valid,
          bias + (<usize>op << 2), 0, 1, 0, flags);
        a += panelBytes;
      }
      pending = false;
    }
  }
  if (pending) {
    let a = apack;
    for (let op = 0; op < o; op += mr) {
      tile1(mr, a, pb, boff, k, pc + <usize>op * ldc, ldc, min(mr, o - op), pv, bias + (<usize>op << 2), 0, 1, 0, flags);
      a += panelBytes;
    }
  }
}

/**
 * Stride-1 convolution without im2col: boff holds the tap offsets of the source. With
 * `shifted` 0 the source is the (zero-padded) image itself (convOffsets for a
 * [C, H+pt+pb, W+pl+pr] plane); with 1 it is that image's shiftedCopies (shiftedOffsets),
 * which lets rows whose width is not a multiple of 4 run as one contiguous plane.
 * Images are claimed in chunks (partition.ts).
 * Per-thread scratch: 256 B (reserved) | padded image | shifted copies.
 */
export function convDirect(tid: i32, nt: i32, counter: usize, chunk: i32, x: usize, apack: usize, boff: usize,
  bias: usize, y: usize, scratch: usize, scratchStride: i32, n: i32, c: i32, h: i32, w: i32, o: i32, kh: i32,
  kw: i32, pt: i32, pl: i32, pb: i32, pr: i32, oh: i32, ow: i32, mr: i32, flags: i32, shifted: i32): void {
  const base = scratch + <usize>tid * scratchStride;
  const padded = base + 256;
  const padding = (pt | pl | pb | pr) != 0;
  const hs = h + pt + pb, ws = w + pl + pr;
  const copies = padded + (padding ? (<usize>(c * hs * ws) << 2) + 64 : 0);
  const k = c * kh * kw, plane = oh * ow;
  const imageBytes = <usize>(c * h * w) << 2, outBytes = <usize>(o * plane) << 2;
  const chunks = chunkCount(n, chunk);
  for (let ch = claim(counter); ch < chunks; ch = claim(counter)) for (let img = ch * chunk, end = min(n, img + chunk); img < end; img++) {
    let src = x + <usize>img * imageBytes;
    if (padding) {
      padImage(padded, src, c, h, w, pt, pl, pb, pr);
      src = padded;
    }
    const out = y + <usize>img * outBytes;
    if (shifted) {
      shiftedCopies(copies, src, c, hs, ws, kw, ow);
      convImage(copies, 0, apack, boff, k, bias, out, plane, o, 1, plane, mr, flags);
    } else {
      convImage(src, <usize>ws << 2, apack, boff, k, bias, out, plane, o, oh, ow, mr, flags);
    }
  }
}

/**
 * Any-stride convolution through an im2col matrix per image (boff[p] = p·OH·OW·4).
 * Per-thread scratch: 256 B (reserved) | col [K × OH·OW].
 */
export function convIm2col(tid: i32, nt: i32, counter: usize, chunk: i32, x: usize, apack: usize, boff: usize, bias: usize, y: usize,
  scratch: usize, scratchStride: i32, n: i32, c: i32, h: i32, w: i32, o: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, pt: i32, pl: i32, oh: i32, ow: i32, mr: i32, flags: i32): void {
  const base = scratch + <usize>tid * scratchStride;
  const col = base + 256;
  const k = c * kh * kw, plane = oh * ow;
  const imageBytes = <usize>(c * h * w) << 2, outBytes = <usize>(o * plane) << 2;
  const chunks = chunkCount(n, chunk);
  for (let ch = claim(counter); ch < chunks; ch = claim(counter)) for (let img = ch * chunk, end = min(n, img + chunk); img < end; img++) {
    im2col(col, x + <usize>img * imageBytes, c, h, w, kh, kw, sh, sw, pt, pl, oh, ow);
    convImage(col, 0, apack, boff, k, bias, y + <usize>img * outBytes, plane, o, 1, plane, mr, flags);
  }
}
