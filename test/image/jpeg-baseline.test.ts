import { createHash } from 'node:crypto';
import sharp, { type JpegOptions } from 'sharp';
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/graph/random.js';
import { decodeBaselineJpeg } from '../../src/image/jpeg-baseline.js';
import { treeFromArchive } from '../../src/util/archive/file-tree.js';
import { readPillowJson } from './pillow-fixtures.js';
import { CIFAR_JPG_ARCHIVE } from '../train/data/helpers/shared-data.js';

/** What libjpeg-turbo (inside sharp, as inside Pillow) makes of the file: the truth. */
async function libjpeg(jpeg: Uint8Array): Promise<Buffer> {
  return sharp(jpeg, { ignoreIcc: true }).toColourspace('srgb').raw().toBuffer();
}

/** A photo-like test card: smooth gradients plus noise, so every DCT coefficient is exercised. */
function testCard(width: number, height: number, seed: number): Uint8Array {
  const random = new Random(seed);
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 3; c++) {
        const smooth = 128 + 100 * Math.sin((x * (c + 1)) / 7 + y / (5 + c));
        rgb[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(smooth + random.int(60) - 30)));
      }
  return rgb;
}

const encode = (rgb: Uint8Array, width: number, height: number, options: JpegOptions) =>
  sharp(rgb, { raw: { width, height, channels: 3 } }).jpeg(options).toBuffer();

describe('decodeBaselineJpeg gives libjpeg-turbo\'s exact bytes', () => {
  const cases: [string, number, number, JpegOptions][] = [
    ['4:2:0 q75, 32x32', 32, 32, { quality: 75 }],
    ['4:2:0 q100, 48x64', 48, 64, { quality: 100 }],
    ['4:2:0 q10 (large coefficients clipped), 16x16', 16, 16, { quality: 10 }],
    ['4:4:4 q90, 40x24', 40, 24, { quality: 90, chromaSubsampling: '4:4:4' }],
    ['4:2:0 with optimised Huffman tables, 64x32', 64, 32, { quality: 85, optimiseCoding: true }],
  ];
  for (const [name, width, height, options] of cases) {
    it(name, async () => {
      for (const seed of [1, 2, 3]) {
        const jpeg = await encode(testCard(width, height, seed), width, height, { ...options, mozjpeg: false });
        const fast = decodeBaselineJpeg(jpeg);
        expect(fast).not.toBeNull();
        expect(fast!.width).toBe(width);
        expect(Buffer.from(fast!.rgb).equals(await libjpeg(jpeg))).toBe(true);
      }
    });
  }

  it('greyscale', async () => {
    const grey = Uint8Array.from({ length: 32 * 24 }, (_, i) => (i * 37) % 256);
    const jpeg = await sharp(grey, { raw: { width: 32, height: 24, channels: 1 } }).toColourspace('b-w').jpeg({ quality: 80 }).toBuffer();
    expect(jpeg[jpeg.indexOf(Buffer.from([0xff, 0xc0])) + 9]).toBe(1); // one component in the frame header
    const fast = decodeBaselineJpeg(jpeg);
    expect(fast).not.toBeNull();
    expect(Buffer.from(fast!.rgb).equals(await libjpeg(jpeg))).toBe(true);
  });
});

describe('decodeBaselineJpeg leaves everything else to the full decoder', () => {
  it('returns null for progressive, CMYK, odd sizes, big pictures, truncated data and non-JPEG bytes', async () => {
    const card = testCard(32, 32, 5);
    const odd = testCard(33, 31, 5);
    const big = testCard(256, 256, 5);
    const good = await encode(card, 32, 32, {});
    const others = [
      await encode(card, 32, 32, { progressive: true }),
      await sharp(card, { raw: { width: 32, height: 32, channels: 3 } }).toColourspace('cmyk').jpeg().toBuffer(),
      await encode(odd, 33, 31, {}),
      await encode(big, 256, 256, {}),
      good.subarray(0, good.length - 60),
      good.subarray(0, 300),
      await sharp(card, { raw: { width: 32, height: 32, channels: 3 } }).png().toBuffer(),
      new Uint8Array([0xff, 0xd8, 0xff]),
      new Uint8Array(0),
    ];
    for (const bytes of others) expect(decodeBaselineJpeg(bytes)).toBeNull();
    expect(decodeBaselineJpeg(good)).not.toBeNull();
  });
});

describe('decodeBaselineJpeg on the real CIFAR-10 archive', () => {
  interface PillowCase {
    member: string;
    decodedSha256: string;
  }
  it("matches Pillow's decode (committed hashes) and sharp's on a spread of images", async () => {
    const tree = await treeFromArchive(CIFAR_JPG_ARCHIVE);
    const byPath = new Map(tree.files.map((f) => [f.segments.join('/'), f]));
    expect(tree.files.length).toBe(60_000);
    const pillow = readPillowJson<{ cases: PillowCase[] }>('cifar.json');
    for (const { member, decodedSha256 } of pillow.cases) {
      const fast = decodeBaselineJpeg(await byPath.get(member)!.read());
      expect(createHash('sha256').update(fast!.rgb).digest('hex'), member).toBe(decodedSha256);
    }
    // Every 150th file of the archive (400 images across all classes and both splits).
    const spread = tree.files.filter((_, i) => i % 150 === 0);
    for (const file of spread) {
      const bytes = await file.read();
      expect(Buffer.from(decodeBaselineJpeg(bytes)!.rgb).equals(await libjpeg(bytes)), file.displayName).toBe(true);
    }
  });
});
