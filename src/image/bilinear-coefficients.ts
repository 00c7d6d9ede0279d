/**
 * Pillow's BILINEAR filter weights for one axis (in → out), as fixed-point integers.
 *
 * Follows /work/shared/notes/pillow-bilinear-resize.md step 1: float64 weights from a
 * triangle filter that widens by the scale when shrinking (that is the antialiasing),
 * normalised to sum 1, then rounded to 22 fractional bits. Tables are cached because
 * a dataset resizes thousands of images of the same few sizes.
 */

/** Fractional bits of the integer weights: 32 - 8 (pixel) - 2 (headroom), as Pillow. */
export const PRECISION_BITS = 22;

export interface AxisCoefficients {
  /** First source index read by output i: `first[i]`. */
  first: Int32Array;
  /** Number of source taps used by output i. */
  taps: Int32Array;
  /** Integer weights, `stride` slots per output; only the first `taps[i]` are used. */
  weights: Int32Array;
  stride: number;
}

/** The triangle ("bilinear") filter; its support is 1. */
function triangle(x: number): number {
  const t = Math.abs(x);
  return t < 1 ? 1 - t : 0;
}

function computeAxisCoefficients(inSize: number, outSize: number): AxisCoefficients {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = 1 * filterScale;
  // Largest possible tap count (Pillow's ksize); keeps every row the same width.
  const stride = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(outSize);
  const taps = new Int32Array(outSize);
  const weights = new Int32Array(outSize * stride);
  const real = new Float64Array(stride);

  for (let i = 0; i < outSize; i++) {
    const center = (i + 0.5) * scale;
    // Math.trunc is C's (int) cast; both bounds are then clamped to the image.
    const xmin = Math.max(0, Math.trunc(center - support + 0.5));
    const xmax = Math.min(inSize, Math.trunc(center + support + 0.5));
    const n = xmax - xmin;
    let sum = 0;
    for (let j = 0; j < n; j++) {
      real[j] = triangle((j + xmin - center + 0.5) / filterScale);
      sum += real[j]!;
    }
    for (let j = 0; j < n; j++) {
      const w = sum === 0 ? real[j]! : real[j]! / sum;
      const fixed = w * 2 ** PRECISION_BITS;
      weights[i * stride + j] = w < 0 ? Math.trunc(fixed - 0.5) : Math.trunc(fixed + 0.5);
    }
    first[i] = xmin;
    taps[i] = n;
  }
  return { first, taps, weights, stride };
}

/** Bounded so that a folder of photos in many sizes cannot grow memory without end. */
const CACHE_LIMIT = 64;
const cache = new Map<string, AxisCoefficients>();

/** Coefficients for resampling an axis of `inSize` pixels to `outSize`, cached. */
export function axisCoefficients(inSize: number, outSize: number): AxisCoefficients {
  const key = `${inSize}>${outSize}`;
  let table = cache.get(key);
  if (table === undefined) {
    table = computeAxisCoefficients(inSize, outSize);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, table);
  }
  return table;
}
