/**
 * A picked image file → interleaved 8-bit RGB, decoded by the browser.
 *
 * `colorSpaceConversion: 'none'` keeps the file's own values (no ICC transform, as
 * Pillow's plain decode), and `premultiplyAlpha: 'none'` keeps colour under transparent
 * pixels intact; alpha is then dropped, as Pillow's convert('RGB') does. EXIF
 * orientation is applied, as our Node decoder does.
 */
import type { RgbImage } from '../../../src/image/rgb-image.js';

export async function decodeImageFile(file: Blob): Promise<RgbImage> {
  const bitmap = await createImageBitmap(file, { colorSpaceConversion: 'none', premultiplyAlpha: 'none', imageOrientation: 'from-image' });
  try {
    const { width, height } = bitmap;
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', { willReadFrequently: true, colorSpace: 'srgb' });
    if (!context) throw new Error('no 2D canvas to decode into');
    context.drawImage(bitmap, 0, 0);
    const rgba = context.getImageData(0, 0, width, height, { colorSpace: 'srgb' }).data;
    const rgb = new Uint8Array(width * height * 3);
    for (let p = 0, q = 0; p < rgba.length; p += 4, q += 3) {
      rgb[q] = rgba[p]!;
      rgb[q + 1] = rgba[p + 1]!;
      rgb[q + 2] = rgba[p + 2]!;
    }
    return { rgb, width, height };
  } finally {
    bitmap.close();
  }
}
