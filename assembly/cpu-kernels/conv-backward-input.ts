// Input gradient of a stride-1 convolution, gathered per output row of dx:
//   dx[c][i][j] = Σ_a Σ_o Σ_b w[o][c][a][b] · dy[o][i+pt-a][j+pl-b]
// i.e. a convolution of dy with the kernel flipped and channels swapped. Instead of
// zero-padding dy all round (for LeNet's conv2 half of those multiplies hit padding),
// the kernel rows that fall outside dy are skipped per output row; only the columns
// read a zero-padded copy. The register tiles are the forward convolution's (conv-tiles.ts).
import { convTile, tilePixels } from './conv-tiles';
import { zeroFloats } from './copy';
import { padImage } from './im2col';
import { chunkCount, claim } from './partition';

/**
 * Weights for the gathered input gradient: A'[c][(a·O + o)·KW + b] = w[o][c][a][b] as
 * MR-row panels over c. Ordering the reduction by kernel row first makes the taps that
 * reach a given output row one contiguous range.
 */
export function packBackwardInputWeights(dst: usize, w: usize, o: i32, c: i32, kh: i32, kw: i32, mr: i32): void {
  const taps = kh * kw;
  for (let cb = 0; cb < c; cb += mr)
    for (let a = 0; a < kh; a++)
      for (let oi = 0; oi < o; oi++)
        for (let b = 0; b < kw; b++)
          for (let r = 0; r < mr; r++) {
            const ci = cb + r;
            store<f32>(dst, ci < c ? load<f32>(w + ((<usize>(oi * c + ci) * taps + a * kw + b) << 2)) : 0);
            dst += 4;
          }
}

/** boff[(a·O + o)·KW + b] = ((o·OH + pt - a)·Wp + pl - b + padLeft)·4 (may be negative: wraps). */
export function backwardInputOffsets(boff: usize, o: i32, oh: i32, wp: i32, kh: i32, kw: i32, pt: i32, pl: i32, padLeft: i32): void {
  for (let a = 0; a < kh; a++)
    for (let oi = 0; oi < o; oi++)
      for (let b = 0; b < kw; b++) {
        store<i32>(boff, ((oi * oh + pt - a) * wp + pl - b + padLeft) << 2);
        boff += 4;
      }
}

/**
 * Input gradient of a stride-1 convolution gathered per output row:
 *   dx[c][i][j] = Σ_{a valid for row i} Σ_o Σ_b w[o][c][a][b] · dy[o][i+pt-a][j+pl-b]
 * Kernel rows that would read outside dy are skipped (a contiguous reduction range
 * thanks to the packing order); columns read a copy of dy zero-padded left and right
 * (per-thread scratch: 256 B | [O, OH, padLeft + OW + padRight]).
 */
export function convBackwardInput(tid: i32, nt: i32, counter: usize, chunk: i32, dy: usize, apack: usize, boff: usize, dx: usize,
  scratch: usize, scratchStride: i32, n: i32, c: i32, h: i32, w: i32, o: i32, kh: i32, kw: i32,
  pt: i32, pl: i32, oh: i32, ow: i32, padLeft: i32, padRight: i32, mr: i32, fused: i32): void {
  const wp = padLeft + ow + padRight;
  const padded = scratch + <usize>tid * scratchStride + 256;
  const k = o * kh * kw, rowTaps = o * kw;
  const panelBytes = <usize>(mr * k) << 2;
  const ldc = <usize>(h * w) << 2;
  const dyBytes = <usize>(o * oh * ow) << 2, dxBytes = <usize>(c * h * w) << 2;
  const chunks = chunkCount(n, chunk);
  for (let ch = claim(counter); ch < chunks; ch = claim(counter)) for (let img = ch * chunk, end = min(n, img + chunk); img < end; img++) {
    padImage(padded, dy + <usize>img * dyBytes, o, oh, ow, 0, padLeft, 0, padRight);
    const out = dx + <usize>img * dxBytes;
    for (let i = 0; i < h; i++) {
      const a0 = max(0, i + pt - oh + 1), a1 = min(kh - 1, i + pt);
      const rowOut = out + (<usize>(i * w) << 2);
      if (a1 < a0) {
        for (let ci = 0; ci < c; ci++) zeroFloats(rowOut + <usize>ci * ldc, w);
        continue;
      }
      const kStart = a0 * rowTaps, kCount = (a1 - a0 + 1) * rowTaps;
      const rowSrc = padded + (<usize>(i * wp) << 2);
      const step = tilePixels(mr);
      for (let j = 0; j < w; j += step) {
        let a = apack + (<usize>(kStart * mr) << 2);
        for (let cb = 0; cb < c; cb += mr) {
          const dst = rowOut + <usize>cb * ldc + (<usize>j << 2);
          convTile(fused != 0, mr, a, rowSrc + (<usize>j << 2), boff + (<usize>kStart << 2), kCount, dst, ldc, min(mr, c - cb), min(step, w - j));
          a += panelBytes;
        }
      }
    }
  }
}
