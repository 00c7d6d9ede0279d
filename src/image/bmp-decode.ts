/**
 * A small BMP reader, because sharp (libvips) has no BMP loader.
 *
 * Covers what cameras, scanners and Pillow itself write: uncompressed 1/4/8-bit
 * palette images, 24-bit BGR, and 32-bit BGRX (plain or with 8-bit bitfield masks).
 * Like Pillow, a 32-bit alpha byte is ignored and rows are stored bottom-up unless the
 * height is negative. Anything else (RLE, 16-bit) gets a clear error instead.
 */
import { checkPixelBudget, unreadableImage } from './image-errors.js';
import type { RgbImage } from './rgb-image.js';

const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;
/** Masks always sit right after a 40-byte BITMAPINFOHEADER (inside longer headers). */
const MASKS_AT = 14 + 40;

export function isBmp(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x42 && bytes[1] === 0x4d; // "BM"
}

interface BmpHeader {
  width: number;
  height: number;
  topDown: boolean;
  bits: number;
  compression: number;
  pixelsAt: number;
  paletteAt: number;
  paletteEntryBytes: number;
  colours: number;
}

function readHeader(view: DataView, name: string): BmpHeader {
  const headerBytes = view.getUint32(14, true);
  const pixelsAt = view.getUint32(10, true);
  if (headerBytes === 12) {
    // OS/2 BITMAPCOREHEADER: 16-bit sizes, 3-byte palette entries, no compression.
    const bits = view.getUint16(24, true);
    const height = view.getInt16(20, true);
    return {
      width: view.getUint16(18, true), height: Math.abs(height), topDown: height < 0, bits,
      compression: BI_RGB, pixelsAt, paletteAt: 26, paletteEntryBytes: 3, colours: 2 ** bits,
    };
  }
  if (headerBytes < 40) throw unreadableImage(name, `unknown BMP header size ${headerBytes}`);
  if (view.byteLength < 14 + 40) throw unreadableImage(name, 'BMP header is truncated');
  const height = view.getInt32(22, true);
  const bits = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  const coloursUsed = view.getUint32(46, true);
  // With the 40-byte header, bitfield masks follow it and push the palette back.
  const extraMasks = headerBytes === 40 ? ({ [BI_BITFIELDS]: 12, [BI_ALPHABITFIELDS]: 16 }[compression] ?? 0) : 0;
  return {
    width: view.getInt32(18, true), height: Math.abs(height), topDown: height < 0, bits, compression, pixelsAt,
    paletteAt: 14 + headerBytes + extraMasks, paletteEntryBytes: 4, colours: coloursUsed || 2 ** Math.min(bits, 8),
  };
}

/** Byte shift of an 8-bit, byte-aligned channel mask (the only layouts Pillow reads). */
function maskShift(mask: number, name: string): number {
  for (const shift of [0, 8, 16, 24]) if (mask >>> 0 === (0xff << shift) >>> 0) return shift;
  throw unreadableImage(name, `unsupported BMP bitfield mask 0x${(mask >>> 0).toString(16)}`);
}

/** BGR shifts for the 32-bit layouts: BGRX for BI_RGB, the stored masks otherwise. */
function channelShifts(view: DataView, header: BmpHeader, name: string): [number, number, number] {
  if (header.compression === BI_RGB) return [16, 8, 0];
  if (MASKS_AT + 12 > view.byteLength) throw unreadableImage(name, 'BMP bitfield masks are truncated');
  return [
    maskShift(view.getUint32(MASKS_AT, true), name),
    maskShift(view.getUint32(MASKS_AT + 4, true), name),
    maskShift(view.getUint32(MASKS_AT + 8, true), name),
  ];
}

function readPalette(bytes: Uint8Array, header: BmpHeader, name: string): Uint8Array {
  // Indices past the stored palette read as black.
  const palette = new Uint8Array(256 * 3);
  const count = Math.min(header.colours, 256);
  const end = header.paletteAt + count * header.paletteEntryBytes;
  if (end > bytes.length) throw unreadableImage(name, 'BMP palette is truncated');
  for (let i = 0; i < count; i++) {
    const at = header.paletteAt + i * header.paletteEntryBytes; // stored B, G, R(, X)
    palette[i * 3] = bytes[at + 2]!;
    palette[i * 3 + 1] = bytes[at + 1]!;
    palette[i * 3 + 2] = bytes[at]!;
  }
  return palette;
}

function checkSupported(header: BmpHeader, name: string): void {
  const { bits, compression } = header;
  const palette = bits === 1 || bits === 4 || bits === 8;
  const ok =
    (compression === BI_RGB && (palette || bits === 24 || bits === 32)) ||
    ((compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS) && bits === 32);
  if (!ok) throw unreadableImage(name, `unsupported BMP variant: ${bits}-bit, compression ${compression}; convert it to PNG`);
  if (header.width <= 0 || header.height <= 0) throw unreadableImage(name, `BMP size ${header.width}x${header.height}`);
}

/** Decode a BMP file's bytes to RGB; errors name the file as `name`. */
export function decodeBmp(bytes: Uint8Array, name: string, maxPixels: number): RgbImage {
  if (bytes.length < 30) throw unreadableImage(name, 'BMP header is truncated');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = readHeader(view, name);
  checkSupported(header, name);
  const { width, height, bits } = header;
  checkPixelBudget(name, width, height, maxPixels);
  const stride = Math.floor((bits * width + 31) / 32) * 4;
  if (header.pixelsAt + stride * height > bytes.length) throw unreadableImage(name, 'BMP pixel data is truncated');

  const rgb = new Uint8Array(width * height * 3);
  const palette = bits <= 8 ? readPalette(bytes, header, name) : undefined;
  const [rShift, gShift, bShift] = bits === 32 ? channelShifts(view, header, name) : [0, 0, 0];
  for (let y = 0; y < height; y++) {
    const row = header.pixelsAt + (header.topDown ? y : height - 1 - y) * stride;
    let o = y * width * 3;
    for (let x = 0; x < width; x++, o += 3) {
      if (palette) {
        const perByte = 8 / bits;
        const byte = bytes[row + Math.floor(x / perByte)]!;
        const index = (byte >> (8 - bits - (x % perByte) * bits)) & ((1 << bits) - 1);
        rgb.set(palette.subarray(index * 3, index * 3 + 3), o);
      } else if (bits === 24) {
        const at = row + x * 3;
        rgb[o] = bytes[at + 2]!;
        rgb[o + 1] = bytes[at + 1]!;
        rgb[o + 2] = bytes[at]!;
      } else {
        const pixel = view.getUint32(row + x * 4, true);
        rgb[o] = (pixel >>> rShift) & 0xff;
        rgb[o + 1] = (pixel >>> gShift) & 0xff;
        rgb[o + 2] = (pixel >>> bShift) & 0xff;
      }
    }
  }
  return { rgb, width, height };
}
