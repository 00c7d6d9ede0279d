/**
 * How a flat buffer of `size` floats sits in a 2D RGBA32F texture.
 *
 * Four consecutive elements share a texel (element i is component i&3 of texel
 * i>>2): one texel fetch then yields four values, and on software rasterisers
 * such as SwiftShader a fetch costs about the same whatever the format, so packed
 * kernels read their contiguous runs up to four times faster.
 *
 * The width is a power of two so shaders turn a texel index into coordinates with
 * a mask and a shift instead of an integer division. The grid is kept close to
 * square: rasterisers shade 2x2 quads and spread rows across threads, so a long
 * single row would leave most of the hardware idle.
 */

export interface TextureLayout {
  width: number;
  height: number;
  /** log2(width): texel t sits at (t & (width-1), t >> widthShift). */
  widthShift: number;
}

export const ELEMENTS_PER_TEXEL = 4;

/** Rows of 4096 keep big activations far from the 8192 limit in either direction. */
export const PREFERRED_MAX_WIDTH = 4096;

export function texelCount(size: number): number {
  return Math.max(1, Math.ceil(size / ELEMENTS_PER_TEXEL));
}

export function layoutFor(size: number, maxTextureSize: number): TextureLayout {
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`bad buffer size ${size}`);
  const texels = texelCount(size);
  const maxWidth = Math.min(PREFERRED_MAX_WIDTH, largestPowerOfTwoAtMost(maxTextureSize));
  const side = Math.ceil(Math.sqrt(texels));
  let widthShift = 0;
  while (1 << widthShift < side && 1 << widthShift < maxWidth) widthShift++;
  const width = 1 << widthShift;
  const height = Math.ceil(texels / width);
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
