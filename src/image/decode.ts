/**
 * Any image file → 8-bit RGB, matching `PIL.Image.open(f).convert('RGB')` by default.
 *
 * sharp (libvips) does the decoding; this file makes it answer like Pillow, which
 * is what torchvision users feed their models:
 *  - embedded ICC profiles are ignored (Pillow ignores them; `iccProfile: 'apply'`
 *    colour-manages to sRGB instead);
 *  - alpha is dropped, not composited; CMYK and 16-bit grey follow Pillow's formulas
 *    (pillow-convert.ts); a transparent GIF pixel shows its palette colour;
 *  - only the first frame of an animation or multi-page file is read.
 * EXIF orientation is applied by default, so a phone photo is upright; Pillow and
 * torchvision do not rotate, and `exifOrientation: 'ignore'` reproduces that.
 */
import { readFile } from 'node:fs/promises';
import type { Metadata } from 'sharp';
import { loadSharp } from './load-sharp.js';
import { decodeBmp, isBmp } from './bmp-decode.js';
import { gifTransparentColour } from './gif-transparent-colour.js';
import { checkDecodeBudget, checkPixelBudget, DEFAULT_MAX_DECODE_BYTES, DEFAULT_MAX_PIXELS, tooManyPixels, unreadableImage } from './image-errors.js';
import { describeNonRaster, rasterFormatOf, READ_FORMATS } from './raster-format.js';
import { rgbDroppingAlpha, rgbFromCmyk, rgbFromGrey16Clipped } from './pillow-convert.js';
import type { RgbImage } from './rgb-image.js';
import { ToolError } from '../util/errors.js';

export interface DecodeOptions {
  /** 'apply' (default): rotate/flip upright per EXIF. 'ignore': stored pixel order, as torchvision. */
  exifOrientation?: 'apply' | 'ignore';
  /** 'ignore' (default): raw pixel values, as Pillow. 'apply': convert through the embedded profile to sRGB. */
  iccProfile?: 'ignore' | 'apply';
  /** Refuse images with more pixels than this (decompression bombs). */
  maxPixels?: number;
  /** Refuse images whose decoding would need more bytes than this (decompression bombs). */
  maxBytes?: number;
  /** How errors name byte input (a path input is named by its path). */
  sourceName?: string;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function readImageFile(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ToolError(`${path}: no such file`);
    if (code === 'EISDIR') throw new ToolError(`${path}: is a directory, not an image file`);
    throw new ToolError(`${path}: cannot read file (${code ?? describe(error)})`);
  }
}

const SAMPLE_BYTES: Record<string, number> = { uchar: 1, char: 1, ushort: 2, short: 2, uint: 4, int: 4, float: 4, complex: 8, double: 8, dpcomplex: 16 };

/** The decoder's own copy (its channels and sample size), sharp's output (≤ 4 bytes) and our RGB (3). */
function decodedBytesPerPixel(meta: Metadata): number {
  const source = (meta.channels ?? 4) * (SAMPLE_BYTES[meta.depth ?? 'uchar'] ?? 8);
  return source + Math.max(meta.channels ?? 4, 3) + 3;
}

/** View sharp's native-endian 16-bit samples as numbers (copying if misaligned). */
function nativeUint16(data: Uint8Array): Uint16Array {
  const aligned = data.byteOffset % 2 === 0 ? data : data.slice();
  return new Uint16Array(aligned.buffer, aligned.byteOffset, aligned.length / 2);
}

/** Paint (0,0,0,0) pixels with the GIF's transparent palette colour, as Pillow shows it. */
function restoreGifTransparentColour(rgba: Uint8Array, gif: Uint8Array): void {
  const colour = gifTransparentColour(gif);
  if (colour === undefined) return;
  for (let s = 0; s < rgba.length; s += 4) {
    if (rgba[s + 3] === 0) rgba.set(colour, s);
  }
}

async function decodeWithSharp(bytes: Uint8Array, name: string, options: Required<Omit<DecodeOptions, 'sourceName'>>): Promise<RgbImage> {
  const sharp = await loadSharp();
  const open = (limitInputPixels: number | false) =>
    sharp(bytes, {
      ignoreIcc: options.iccProfile === 'ignore',
      autoOrient: options.exifOrientation === 'apply',
      limitInputPixels,
      // Refuse truncated or corrupt data as Pillow does, but tolerate mere warnings
      // (e.g. stray bytes after a JPEG marker), which Pillow also accepts.
      failOn: 'error',
      pages: 1,
      page: 0,
    });

  let meta: Metadata;
  try {
    // Header only, so no pixel limit yet: we want the size for a clear bomb message.
    meta = await open(false).metadata();
  } catch (error) {
    throw unreadableImage(name, describe(error));
  }
  checkPixelBudget(name, meta.width, meta.height, options.maxPixels);
  checkDecodeBudget(name, meta.width, meta.height, decodedBytesPerPixel(meta), options.maxBytes);

  // The Pillow-compatible branches need the samples before any colour conversion.
  const pillowSamples = options.iccProfile === 'ignore';
  const cmyk = pillowSamples && meta.space === 'cmyk';
  const grey16 = pillowSamples && meta.space === 'grey16' && !meta.hasAlpha;
  let pipeline = open(options.maxPixels);
  if (cmyk) pipeline = pipeline.pipelineColourspace('cmyk').toColourspace('cmyk').raw();
  else if (grey16) pipeline = pipeline.toColourspace('grey16').raw({ depth: 'ushort' });
  else pipeline = pipeline.toColourspace('srgb').raw();

  try {
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    const { width, height, channels } = info;
    let rgb: Uint8Array;
    if (cmyk) rgb = rgbFromCmyk(data, channels);
    else if (grey16) rgb = rgbFromGrey16Clipped(nativeUint16(data), channels);
    else {
      if (meta.format === 'gif' && channels === 4) restoreGifTransparentColour(data, bytes);
      rgb = rgbDroppingAlpha(data, channels);
    }
    return { rgb, width, height };
  } catch (error) {
    if (/pixel limit/i.test(describe(error))) throw tooManyPixels(name, meta.width, meta.height, options.maxPixels);
    throw unreadableImage(name, describe(error));
  }
}

/**
 * Decode an image file (path) or its bytes to 8-bit RGB. Every failure is a one-line
 * ToolError naming the file: missing, empty, truncated, not an image, or too big.
 */
export async function decodeImageRgb(input: string | Uint8Array, options: DecodeOptions = {}): Promise<RgbImage> {
  const name = typeof input === 'string' ? input : (options.sourceName ?? 'image bytes');
  const bytes = typeof input === 'string' ? await readImageFile(input) : input;
  if (bytes.length === 0) throw unreadableImage(name, 'empty file');
  const format = rasterFormatOf(bytes);
  if (format === null) throw unreadableImage(name, `unsupported image format: ${describeNonRaster(bytes)}; expected ${READ_FORMATS}, as Pillow reads`);
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (isBmp(bytes)) return decodeBmp(bytes, name, maxPixels);
  return decodeWithSharp(bytes, name, {
    exifOrientation: options.exifOrientation ?? 'apply',
    iccProfile: options.iccProfile ?? 'ignore',
    maxPixels,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_DECODE_BYTES,
  });
}
