/**
 * Which file formats the image path reads: the raster formats Pillow's `Image.open`
 * reads and sharp decodes the same way. Decided by the first bytes, never by the name,
 * so an SVG or a PDF named photo.jpg is refused before any decoder sees it (libvips
 * would happily rasterise a 118-byte SVG into a gigabyte; Pillow cannot open SVG at all).
 */
export type RasterFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'tiff' | 'bmp' | 'avif';

const ascii = (bytes: Uint8Array, at: number, text: string): boolean =>
  bytes.length >= at + text.length && [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));

export function rasterFormatOf(bytes: Uint8Array): RasterFormat | null {
  const b = bytes;
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (ascii(b, 0, '\x89PNG\r\n\x1a\n')) return 'png';
  if (ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a')) return 'gif';
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return 'webp';
  if (ascii(b, 0, 'II*\0') || ascii(b, 0, 'MM\0*')) return 'tiff';
  if (ascii(b, 0, 'BM')) return 'bmp';
  if (ascii(b, 4, 'ftypavif') || ascii(b, 4, 'ftypavis')) return 'avif';
  return null;
}

/** A few words on what the bytes are instead, for the refusal message. */
export function describeNonRaster(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg')) || head.includes('<svg')) return 'an SVG vector drawing';
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip-compressed data (an SVGZ drawing?)';
  if (head.startsWith('%pdf')) return 'a PDF document';
  if (ascii(bytes, 4, 'ftyp')) return 'an HEIF/MP4 container';
  if (head.startsWith('<')) return 'markup (XML/HTML)';
  return 'not a known raster image';
}

export const READ_FORMATS = 'JPEG, PNG, GIF, WebP, TIFF, BMP or AVIF';
