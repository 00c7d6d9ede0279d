/**
 * The one-line errors a user sees for a bad image file, each naming the file first.
 */
import { ToolError } from '../util/errors.js';

/**
 * Pillow's own decompression-bomb threshold (2 × Image.MAX_IMAGE_PIXELS): an image
 * Pillow refuses, we refuse too. 179 M pixels is 537 MB of RGB, far beyond any photo.
 */
export const DEFAULT_MAX_PIXELS = 2 * 89_478_485;

/** Keep only the first line of a decoder's message: ToolErrors are one line. */
function firstLine(text: string): string {
  return text.split('\n', 1)[0]!.trim();
}

/** `photo.jpg: not a readable image (reason)`. */
export function unreadableImage(name: string, reason: string): ToolError {
  return new ToolError(`${name}: not a readable image (${firstLine(reason)})`);
}

/** An image whose header declares more pixels than we are willing to decode. */
export function tooManyPixels(name: string, width: number, height: number, maxPixels: number): ToolError {
  return new ToolError(
    `${name}: image is ${width}x${height} = ${width * height} pixels, over the limit of ${maxPixels}` +
      ' (refusing a possible decompression bomb; raise maxPixels if the image is genuine)',
  );
}

/** Throw if width × height exceeds the pixel budget. */
export function checkPixelBudget(name: string, width: number, height: number, maxPixels: number): void {
  if (width * height > maxPixels) throw tooManyPixels(name, width, height, maxPixels);
}

/**
 * What decoding one image may cost, in bytes: what a photo at Pillow's own warning
 * threshold (Image.MAX_IMAGE_PIXELS, 89.5 M pixels, 8-bit RGB) costs here — the
 * decoder's copy, sharp's RGB output and ours, 9 bytes a pixel. A small file that
 * decompresses to more (a PNG of one colour, a 16-bit TIFF) is refused from its header.
 */
export const DEFAULT_MAX_DECODE_BYTES = 9 * 89_478_485;

/** Dataset images decode several at a time, and are meant to be small: 128 MiB each. */
export const DATASET_MAX_DECODE_BYTES = 128 * 2 ** 20;

const mib = (bytes: number): string => `${Math.ceil(bytes / 2 ** 20)} MiB`;

/** Throw if decoding a width × height image at `bytesPerPixel` would exceed `maxBytes`. */
export function checkDecodeBudget(name: string, width: number, height: number, bytesPerPixel: number, maxBytes: number): void {
  const needed = width * height * bytesPerPixel;
  if (needed > maxBytes) {
    throw new ToolError(
      `${name}: decoding this ${width}x${height} image needs about ${mib(needed)}, over the budget of ${mib(maxBytes)}` +
        ' (refusing a possible decompression bomb; raise maxBytes if the image is genuine)',
    );
  }
}
