/**
 * Pillow's `Image.resize(size, BILINEAR)` on 8-bit RGB, byte for byte.
 *
 * Two separable passes, horizontal first, each rounding back to 8 bits (step 2 of
 * /work/shared/notes/pillow-bilinear-resize.md). The intermediate rounding is part of
 * the answer: a single-pass or float resize lands one level off on many pixels.
 * Sums are plain JS numbers (float64), exact for any 8-bit × 2^22 × taps total.
 */
import { axisCoefficients, PRECISION_BITS, type AxisCoefficients } from './bilinear-coefficients.js';

const HALF = 2 ** (PRECISION_BITS - 1);
const CLIP_HIGH = 2 ** (PRECISION_BITS + 8);

/** Fixed-point accumulator → byte: Pillow's clip8 (the shift is safe below 2^30). */
function clip8(acc: number): number {
  if (acc <= 0) return 0;
  if (acc >= CLIP_HIGH) return 255;
  return acc >> PRECISION_BITS;
}

/** Resample every row of `src` (width×rows RGB) to `coeffs.first.length` columns. */
function horizontalPass(src: Uint8Array, width: number, rows: number, coeffs: AxisCoefficients): Uint8Array {
  const { first, taps, weights, stride } = coeffs;
  const outWidth = first.length;
  const out = new Uint8Array(outWidth * rows * 3);
  for (let y = 0; y < rows; y++) {
    const rowStart = y * width * 3;
    let o = y * outWidth * 3;
    for (let i = 0; i < outWidth; i++) {
      let r = HALF;
      let g = HALF;
      let b = HALF;
      let s = rowStart + first[i]! * 3;
      const k0 = i * stride;
      const n = taps[i]!;
      for (let j = 0; j < n; j++, s += 3) {
        const k = weights[k0 + j]!;
        r += src[s]! * k;
        g += src[s + 1]! * k;
        b += src[s + 2]! * k;
      }
      out[o++] = clip8(r);
      out[o++] = clip8(g);
      out[o++] = clip8(b);
    }
  }
  return out;
}

/** Resample every column of `src` (width×height RGB) to `coeffs.first.length` rows. */
function verticalPass(src: Uint8Array, width: number, coeffs: AxisCoefficients): Uint8Array {
  const { first, taps, weights, stride } = coeffs;
  const outHeight = first.length;
  const rowBytes = width * 3;
  const out = new Uint8Array(rowBytes * outHeight);
  for (let i = 0; i < outHeight; i++) {
    const k0 = i * stride;
    const n = taps[i]!;
    const top = first[i]! * rowBytes;
    const o = i * rowBytes;
    for (let x = 0; x < rowBytes; x++) {
      let acc = HALF;
      for (let j = 0, s = top + x; j < n; j++, s += rowBytes) acc += src[s]! * weights[k0 + j]!;
      out[o + x] = clip8(acc);
    }
  }
  return out;
}

function checkSize(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`resizeBilinearPillow: ${name} must be a positive integer, got ${value}`);
}

/**
 * Resize interleaved 8-bit RGB (HWC) exactly as Pillow's BILINEAR does. A pass whose
 * size is unchanged is skipped, as Pillow does, so same-size input comes back equal.
 * The result never aliases `rgb`.
 */
export function resizeBilinearPillow(
  rgb: Uint8Array,
  width: number,
  height: number,
  outWidth: number,
  outHeight: number,
): Uint8Array {
  checkSize('width', width);
  checkSize('height', height);
  checkSize('outWidth', outWidth);
  checkSize('outHeight', outHeight);
  if (rgb.length !== width * height * 3) {
    throw new RangeError(`resizeBilinearPillow: expected ${width}x${height}x3 = ${width * height * 3} bytes, got ${rgb.length}`);
  }
  let image = rgb;
  if (outWidth !== width) image = horizontalPass(image, width, height, axisCoefficients(width, outWidth));
  if (outHeight !== height) image = verticalPass(image, outWidth, axisCoefficients(height, outHeight));
  return image === rgb ? rgb.slice() : image;
}
