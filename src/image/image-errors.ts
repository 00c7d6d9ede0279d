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
