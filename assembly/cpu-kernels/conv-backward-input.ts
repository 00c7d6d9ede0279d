// Input gradient of a stride-1 convolution, four images at a time in the vector lanes:
//   dx[c][Y - pt][X - pl] = Σ_{a, b, o} w[o][c][a][b] · dy[o][Y - a][X - b]
// Vectorising across images (image-lanes.ts) wastes no lane on row ends, and only the
// taps that land inside dy are multiplied (no padding zeros): per input row Y the kernel
// rows a with Y - a inside dy are one range, and along the row the tile scatters instead
// of gathering: two neighbouring dy pixels times five kernel columns add into six
// neighbouring input pixels (conv-backward-input-tile.ts). For LeNet's 5-wide kernels
// and even dy widths every multiply is one of the convolution's; otherwise zero weights
// fill the last 5-column panel and a zero column ends odd rows.
// Each input pixel sums its tiles in a fixed order: results do not depend on the threads.
import { TILE_COLS, backwardInputRow } from './conv-backward-input-tile';
import { zeroFloats } from './copy';
import { deinterleavePlane, interleaveImages } from './image-lanes';
import { chunkCount, claim } from './partition';

/**
 * Weight panels: dst[c][q][a'][o][r] = w[o][c][KH-1-a'][5q + r] (zero past the kernel),
 * q a panel of TILE_COLS kernel columns. Kernel rows run backwards so that a reduction
 * over dy rows in increasing order walks both operands forwards.
 */
export function packBackwardInputWeights(dst: usize, w: usize, o: i32, c: i32, kh: i32, kw: i32): void {
  const panels = weightPanels(kw);
  for (let ci = 0; ci < c; ci++)
    for (let q = 0; q < panels; q++)
      for (let ar = 0; ar < kh; ar++)
        for (let oi = 0; oi < o; oi++)
          for (let r = 0; r < TILE_COLS; r++) {
            const b = q * TILE_COLS + r, a = kh - 1 - ar;
            store<f32>(dst, b < kw ? load<f32>(w + ((<usize>((oi * c + ci) * kh + a) * kw + b) << 2)) : 0);
            dst += 4;
          }
}

/** Floats of packBackwardInputWeights' output. */
export function backwardInputPackFloats(o: i32, c: i32, kh: i32, kw: i32): i32 {
  return c * weightPanels(kw) * kh * o * TILE_COLS;
}

// @ts-ignore: decorator
@inline function weightPanels(kw: i32): i32 {
  return (kw + TILE_COLS - 1) / TILE_COLS;
}

/**
 * Per-thread scratch in floats: 4 images of dy interleaved, then one channel of dx
 * (+ 3 vectors that deinterleavePlane reads past its end).
 */
export function backwardInputScratch(c: i32, h: i32, o: i32, kw: i32, oh: i32, ow: i32): i32 {
  const owe = ow + (ow & 1);
  return 4 * (oh * o * owe + h * (owe + kw - 1) + 3);
}

/**
 * dx for N images of dy (N×O×OH×OW), weights packed by packBackwardInputWeights.
 * Scratch per thread: 256 B | dy of 4 images [OH][O][OWe] vectors (OWe = OW rounded
 * up to even) | one channel of dx [H][OWe + KW - 1] vectors, columns offset by pl.
 */
export function convBackwardInput(tid: i32, nt: i32, counter: usize, chunk: i32, dy: usize, wpack: usize, dx: usize,
  scratch: usize, scratchStride: i32, n: i32, c: i32, h: i32, w: i32, o: i32, kh: i32, kw: i32,
  pt: i32, pl: i32, oh: i32, ow: i32, fused: i32): void {
  const sink = scratch + <usize>tid * scratchStride;
  const owe = ow + (ow & 1), ws = owe + kw - 1;
  const lanes = sink + 256, plane = lanes + (<usize>(oh * o * owe) << 4);
  const dyBytes = <usize>(o * oh * ow) << 2, dxBytes = <usize>(c * h * w) << 2;
  const panels = (kw + TILE_COLS - 1) / TILE_COLS;
  const panelBytes = <usize>(kh * o * TILE_COLS) << 2;
  const groups = chunkCount(n, 4), chunks = chunkCount(groups, chunk);
  for (let ch = claim(counter); ch < chunks; ch = claim(counter))
    for (let g = ch * chunk, end = min(groups, g + chunk); g < end; g++) {
      const n0 = g * 4, images = min(4, n - n0);
      interleaveImages(lanes, dy + <usize>n0 * dyBytes, dyBytes, images, o, oh, ow, owe);
      for (let ci = 0; ci < c; ci++) {
        zeroFloats(plane, h * ws * 4);
        for (let r = 0; r < h; r++)
          channelRow(fused != 0, wpack + <usize>(ci * panels) * panelBytes, lanes, plane + (<usize>(r * ws) << 4),
            r + pt, o, kh, kw, oh, ow, owe, panels, panelBytes);
        deinterleavePlane(dx + <usize>n0 * dxBytes + (<usize>(ci * h * w) << 2), dxBytes, images, plane, h, w, ws, pl, sink);
      }
    }
}

/** Adds into one scratch row (padded input row y) the contributions of every dy row it reaches. */
function channelRow(fused: bool, wc: usize, lanes: usize, row: usize, y: i32, o: i32, kh: i32, kw: i32, oh: i32, ow: i32,
  owe: i32, panels: i32, panelBytes: usize): void {
  const a0 = max(0, y - oh + 1), a1 = min(kh - 1, y);
  if (a1 < a0) return;
  const steps = (a1 - a0 + 1) * o;
  const bStride = <usize>owe << 4;
  const b = lanes + <usize>((y - a1) * o) * bStride;
  for (let q = 0; q < panels; q++) {
    const a = wc + <usize>q * panelBytes + (<usize>((kh - 1 - a1) * o * TILE_COLS) << 2);
    const cols = min(TILE_COLS, kw - q * TILE_COLS);
    const out = row + (<usize>(q * TILE_COLS) << 4);
    backwardInputRow(fused, a, b, bStride, steps, out, cols, ow);
  }
}
