// Image → column matrices for convolutions the direct kernels do not cover.
import { copyFloats, zeroFloats } from './copy';

/**
 * col[k][p] for k = (c, a, b) taps and p = (r, q) output pixels, one image [C,H,W].
 * Taps that fall in the padding read as zero. col is [C·KH·KW, OH·OW].
 */
export function im2col(col: usize, x: usize, c: i32, h: i32, w: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, pt: i32, pl: i32, oh: i32, ow: i32): void {
  for (let ci = 0; ci < c; ci++) {
    const plane = x + (<usize>(ci * h * w) << 2);
    for (let a = 0; a < kh; a++)
      for (let b = 0; b < kw; b++) {
        for (let r = 0; r < oh; r++) {
          const ih = r * sh - pt + a;
          if (ih < 0 || ih >= h) {
            zeroFloats(col, ow);
          } else {
            const row = plane + (<usize>(ih * w) << 2);
            if (sw == 1) {
              // Output columns q with 0 <= q - pl + b < w form one contiguous run.
              const q0 = max(0, pl - b), q1 = min(ow, w + pl - b);
              if (q1 <= q0) zeroFloats(col, ow);
              else {
                zeroFloats(col, q0);
                copyFloats(col + (<usize>q0 << 2), row + (<usize>(q0 - pl + b) << 2), q1 - q0);
                zeroFloats(col + (<usize>q1 << 2), ow - q1);
              }
            } else {
              for (let q = 0; q < ow; q++) {
                const iw = q * sw - pl + b;
                store<f32>(col + (<usize>q << 2), iw >= 0 && iw < w ? load<f32>(row + (<usize>iw << 2)) : 0);
              }
            }
          }
          col += <usize>ow << 2;
        }
      }
  }
}

/** Copy one [C,H,W] image into a zero-bordered [C, H+pt+pb, W+pl+pr] buffer. */
export function padImage(dst: usize, x: usize, c: i32, h: i32, w: i32, pt: i32, pl: i32, pb: i32, pr: i32): void {
  const ws = w + pl + pr;
  for (let ci = 0; ci < c; ci++) {
    zeroFloats(dst, pt * ws);
    dst += <usize>(pt * ws) << 2;
    for (let r = 0; r < h; r++) {
      zeroFloats(dst, pl);
      copyFloats(dst + (<usize>pl << 2), x, w);
      zeroFloats(dst + (<usize>(pl + w) << 2), pr);
      dst += <usize>ws << 2;
      x += <usize>w << 2;
    }
    zeroFloats(dst, pb * ws);
    dst += <usize>(pb * ws) << 2;
  }
}

/**
 * "Shifted copies", a light im2col for stride-1 convolutions with narrow output rows:
 * dst[c][b][r][0..ow) = src[c][r][b .. b+ow) for every kernel column b, over a
 * [C, hs, ws] image. Tap (c, a, b) then reads one contiguous run of oh·ow floats at
 * dst + ((c·kw + b)·hs + a)·ow (see shiftedOffsets), with no partial vectors at row
 * ends. It is kw·hs·ow floats per channel: kh times smaller than im2col.
 */
export function shiftedCopies(dst: usize, src: usize, c: i32, hs: i32, ws: i32, kw: i32, ow: i32): void {
  for (let ci = 0; ci < c; ci++) {
    const plane = src + (<usize>(ci * hs * ws) << 2);
    for (let b = 0; b < kw; b++)
      for (let r = 0; r < hs; r++) {
        copyFloats(dst, plane + (<usize>(r * ws + b) << 2), ow);
        dst += <usize>ow << 2;
      }
  }
}
