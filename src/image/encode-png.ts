/**
 * Lossless PNG of an RGB image, for `predict --save-preprocessed`: what the model saw,
 * in a form any viewer opens and decodeImageRgb reads back to the same bytes.
 */
import { loadSharp } from './load-sharp.js';

export async function encodePng(rgb: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  if (rgb.length !== width * height * 3) {
    throw new RangeError(`encodePng: expected ${width}x${height}x3 = ${width * height * 3} bytes, got ${rgb.length}`);
  }
  const png = await (await loadSharp())(rgb, { raw: { width, height, channels: 3 } }).png().toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
