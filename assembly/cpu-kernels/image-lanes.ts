// Four images side by side in the lanes of one vector: a kernel that runs the same
// arithmetic on every image (the convolution input gradient) can then vectorise across
// images, so every lane does useful work whatever the row widths and padding are. These
// helpers move planes in and out of that layout with 4×4 transposes (transpose.ts).
import { storeTransposed } from './transpose';

// @ts-ignore: decorator
@inline function loadOrZero(p: usize, present: bool): v128 {
  return present ? v128.load(p) : f32x4.splat(0);
}

/**
 * dst[i][ch][j] (a vector: images 0..3) = src[image][ch][i][j] for `images` (1..4)
 * images `imageBytes` apart; missing images read as zero. Rows of dst are `wd` vectors
 * long (wd >= w); columns w..wd-1 are set to zero.
 */
export function interleaveImages(dst: usize, src: usize, imageBytes: usize, images: i32, chans: i32, h: i32, w: i32, wd: i32): void {
  const plane = h * w;
  const s1 = src + imageBytes, s2 = s1 + imageBytes, s3 = s2 + imageBytes;
  for (let ch = 0; ch < chans; ch++) {
    for (let i = 0; i < h; i++)
      for (let j = w; j < wd; j++) v128.store(dst + (<usize>((i * chans + ch) * wd + j) << 4), f32x4.splat(0));
    const off = <usize>(ch * plane) << 2;
    let p = 0, i = 0, j = 0;
    // Four pixels of the plane at a time (they may straddle rows of dst).
    for (; p + 4 <= plane; p += 4) {
      const q = off + (<usize>p << 2);
      const v0 = v128.load(src + q), v1 = loadOrZero(s1 + q, images > 1);
      const v2 = loadOrZero(s2 + q, images > 2), v3 = loadOrZero(s3 + q, images > 3);
      const d0 = dst + (<usize>((i * chans + ch) * wd + j) << 4);
      if (++j == w) { j = 0; i++; }
      const d1 = dst + (<usize>((i * chans + ch) * wd + j) << 4);
      if (++j == w) { j = 0; i++; }
      const d2 = dst + (<usize>((i * chans + ch) * wd + j) << 4);
      if (++j == w) { j = 0; i++; }
      const d3 = dst + (<usize>((i * chans + ch) * wd + j) << 4);
      if (++j == w) { j = 0; i++; }
      storeTransposed(v0, v1, v2, v3, d0, d1, d2, d3, 4);
    }
    for (; p < plane; p++) {
      const d = dst + (<usize>((i * chans + ch) * wd + j) << 4), q = off + (<usize>p << 2);
      for (let l = 0; l < 4; l++) store<f32>(d + (<usize>l << 2), l < images ? load<f32>(src + <usize>l * imageBytes + q) : 0);
      if (++j == w) { j = 0; i++; }
    }
  }
}

/**
 * The inverse for one channel plane: dst[image][i][j] = src[i][x0 + j] (lane `image`)
 * for the first `images` images (`imageBytes` apart), i < h, j < w; src rows are `ws`
 * vectors long, and up to 3 vectors past the last row's end are read (and dropped).
 * `sink` (16 bytes) takes the lanes of absent images.
 */
export function deinterleavePlane(dst: usize, imageBytes: usize, images: i32, src: usize, h: i32, w: i32, ws: i32, x0: i32,
  sink: usize): void {
  for (let i = 0; i < h; i++) {
    const row = src + (<usize>(i * ws + x0) << 4);
    const out = dst + (<usize>(i * w) << 2);
    for (let j = 0; j < w; j += 4) {
      const q = row + (<usize>j << 4), d = out + (<usize>j << 2);
      storeTransposed(v128.load(q), v128.load(q, 16), v128.load(q, 32), v128.load(q, 48), d,
        images > 1 ? d + imageBytes : sink, images > 2 ? d + 2 * imageBytes : sink, images > 3 ? d + 3 * imageBytes : sink,
        min(4, w - j));
    }
  }
}
