/**
 * Where image formats keep their sizes and lengths, so a mutator can lie in them:
 * PNG chunks (with a valid CRC, so the lie gets past the checksum), JPEG segments and
 * frame size, BMP header fields, GIF screen size, RIFF (WebP) chunk sizes.
 */
import { crc32 } from 'node:zlib';

export type ImageFormat = 'png' | 'jpeg' | 'bmp' | 'gif' | 'webp' | 'tiff' | 'other';

export function imageFormat(b: Uint8Array): ImageFormat {
  const ascii = Buffer.from(b.subarray(0, 12)).toString('latin1');
  if (ascii.startsWith('\x89PNG')) return 'png';
  if (b[0] === 0xff && b[1] === 0xd8) return 'jpeg';
  if (ascii.startsWith('BM')) return 'bmp';
  if (ascii.startsWith('GIF8')) return 'gif';
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return 'webp';
  if (ascii.startsWith('II*\0') || ascii.startsWith('MM\0*')) return 'tiff';
  return 'other';
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

export interface PngChunk {
  at: number;
  length: number;
  type: string;
}

export function pngChunks(b: Uint8Array): PngChunk[] {
  const chunks: PngChunk[] = [];
  for (let at = 8; at + 12 <= b.length; ) {
    const length = view(b).getUint32(at);
    chunks.push({ at, length, type: Buffer.from(b.subarray(at + 4, at + 8)).toString('latin1') });
    if (at + 12 + length > b.length) break;
    at += 12 + length;
  }
  return chunks;
}

export function fixPngCrc(b: Uint8Array, chunk: PngChunk): void {
  const end = chunk.at + 8 + chunk.length;
  if (end + 4 <= b.length) view(b).setUint32(end, crc32(b.subarray(chunk.at + 4, end)));
}

export function setPngSize(b: Uint8Array, width: number, height: number): void {
  const ihdr = pngChunks(b).find((c) => c.type === 'IHDR');
  if (!ihdr || ihdr.at + 16 > b.length) return;
  view(b).setUint32(ihdr.at + 8, width >>> 0);
  view(b).setUint32(ihdr.at + 12, height >>> 0);
  fixPngCrc(b, ihdr);
}

export interface JpegSegment {
  /** Offset of the 0xFF marker byte. */
  at: number;
  marker: number;
  length: number;
}

/** Segments from SOI up to and including the first SOS. */
export function jpegSegments(b: Uint8Array): JpegSegment[] {
  const segments: JpegSegment[] = [];
  for (let at = 2; at + 4 <= b.length && b[at] === 0xff; ) {
    const marker = b[at + 1]!;
    const length = view(b).getUint16(at + 2);
    segments.push({ at, marker, length });
    if (marker === 0xda) break;
    at += 2 + length;
  }
  return segments;
}

const isFrameMarker = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

export function setJpegSize(b: Uint8Array, width: number, height: number): void {
  const frame = jpegSegments(b).find((s) => isFrameMarker(s.marker));
  if (!frame || frame.at + 9 > b.length) return;
  view(b).setUint16(frame.at + 5, height & 0xffff);
  view(b).setUint16(frame.at + 7, width & 0xffff);
}

export function setBmpSize(b: Uint8Array, width: number, height: number): void {
  if (b.length < 26) return;
  view(b).setInt32(18, width | 0, true);
  view(b).setInt32(22, height | 0, true);
}

/** The logical screen and the first frame's descriptor (decoders size the image by the frame). */
export function setGifSize(b: Uint8Array, width: number, height: number): void {
  if (b.length < 13) return;
  view(b).setUint16(6, width & 0xffff, true);
  view(b).setUint16(8, height & 0xffff, true);
  const packed = b[10]!;
  let at = 13 + (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0);
  while (b[at] === 0x21) {
    for (at += 2; at < b.length && b[at] !== 0; ) at += b[at]! + 1;
    at++;
  }
  if (b[at] === 0x2c && at + 9 <= b.length) {
    view(b).setUint16(at + 5, width & 0xffff, true);
    view(b).setUint16(at + 7, height & 0xffff, true);
  }
}

/** BMP fields that say where or how much: file size, pixel offset, header size, colours used. */
export const BMP_LENGTH_FIELDS = [2, 10, 14, 46] as const;

export function setUint32Le(b: Uint8Array, at: number, value: number): void {
  if (at + 4 <= b.length) view(b).setUint32(at, value >>> 0, true);
}

export function setUint32Be(b: Uint8Array, at: number, value: number): void {
  if (at + 4 <= b.length) view(b).setUint32(at, value >>> 0);
}

export function setUint16Be(b: Uint8Array, at: number, value: number): void {
  if (at + 2 <= b.length) view(b).setUint16(at, value & 0xffff);
}
