/**
 * How a flat buffer of `size` floats sits in a 2D R32F texture.
 *
 * The width is a power of two so shaders turn a flat index into texel coordinates
 * with a mask and a shift instead of an integer division (slow on software GPUs).
 * The grid is kept close to square: rasterisers shade 2x2 quads and spread rows
 * across threads, so a long single row would leave most of the hardware idle.
 */

export interface TextureLayout {
  width: number;
  height: number;
  /** log2(width): texel (i & (width-1), i >> widthShift) holds element i. */
  widthShift: number;
}

/** Rows of 4096 keep big activations far from the 8192 limit in either direction. */
export const PREFERRED_MAX_WIDTH = 4096;

export function layoutFor(size: number, maxTextureSize: number): TextureLayout {
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`bad buffer size ${size}`);
  const maxWidth = Math.min(PREFERRED_MAX_WIDTH, largestPowerOfTwoAtMost(maxTextureSize));
  const side = Math.ceil(Math.sqrt(size));
  let widthShift = 0;
  while (1 << widthShift < side && 1 << widthShift < maxWidth) widthShift++;
  const width = 1 << widthShift;
  const height = Math.max(1, Math.ceil(size / width));
  if (height > maxTextureSize) {
    throw new RangeError(`buffer of ${size} floats exceeds a ${maxWidth}x${maxTextureSize} texture`);
  }
  return { width, height, widthShift };
}

function largestPowerOfTwoAtMost(n: number): number {
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return p;
}
