import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { decodeImageRgb } from '../../src/image/decode.js';
import { preprocessImage } from '../../src/image/preprocess-image.js';
import { fromBase64, PILLOW_IMAGES_DIR, readPillowJson, sha256Hex } from './pillow-fixtures.js';

interface ImageCase {
  file: string;
  pillowMode: string;
  exifOrientation: 'apply' | 'ignore';
  width: number;
  height: number;
  decodedSha256: string;
  rgb32: string;
}

const vectors = readPillowJson<{ pillow: string; cases: ImageCase[] }>('images.json');
const label = (c: ImageCase) => `${c.file} (Pillow mode ${c.pillowMode}, EXIF orientation ${c.exifOrientation})`;

describe(`decode + resize against Pillow ${vectors.pillow}: Image.open(f).convert('RGB').resize((32, 32), BILINEAR)`, () => {
  it.each(vectors.cases.map((c) => [label(c), c] as const))('%s', async (_label, c) => {
    const path = `${PILLOW_IMAGES_DIR}${c.file}`;
    const decoded = await decodeImageRgb(path, { exifOrientation: c.exifOrientation });
    expect([decoded.width, decoded.height]).toEqual([c.width, c.height]);
    expect(sha256Hex(decoded.rgb), 'full-size decode differs from Pillow').toBe(c.decodedSha256);
    const pre = await preprocessImage(path, { exifOrientation: c.exifOrientation });
    expect(pre.rgb32).toEqual(fromBase64(c.rgb32));
    expect([pre.originalWidth, pre.originalHeight]).toEqual([c.width, c.height]);
  });
});

describe('decode options', () => {
  it('applies EXIF orientation by default (the photo comes out upright)', async () => {
    const upright = vectors.cases.find((c) => c.file === 'photo-exif-6.jpg' && c.exifOrientation === 'apply')!;
    const decoded = await decodeImageRgb(`${PILLOW_IMAGES_DIR}photo-exif-6.jpg`);
    expect(sha256Hex(decoded.rgb)).toBe(upright.decodedSha256);
    expect([decoded.width, decoded.height]).toEqual([40, 72]);
  });

  it("iccProfile 'apply' colour-manages: the red/blue-swapped profile swaps the channels", async () => {
    const path = `${PILLOW_IMAGES_DIR}photo-icc-swapped.jpg`;
    const raw = await decodeImageRgb(path);
    const managed = await decodeImageRgb(path, { iccProfile: 'apply' });
    let redVsBlue = 0;
    let redVsRed = 0;
    for (let i = 0; i < raw.rgb.length; i += 3) {
      redVsBlue += Math.abs(managed.rgb[i]! - raw.rgb[i + 2]!);
      redVsRed += Math.abs(managed.rgb[i]! - raw.rgb[i]!);
    }
    const pixels = raw.rgb.length / 3;
    expect(redVsBlue / pixels).toBeLessThan(12);
    expect(redVsRed / pixels).toBeGreaterThan(40);
  });

  it('decodes bytes as well as paths, to the same pixels', async () => {
    const path = `${PILLOW_IMAGES_DIR}photo-lossy.webp`;
    const fromPath = await decodeImageRgb(path);
    const { readFile } = await import('node:fs/promises');
    const fromBytes = await decodeImageRgb(new Uint8Array(await readFile(path)));
    expect(fromBytes).toEqual(fromPath);
  });

  it('reads AVIF (which Pillow cannot): a lossless round trip returns the pixels', async () => {
    const source = await decodeImageRgb(`${PILLOW_IMAGES_DIR}photo-rgb.png`);
    const avif = await sharp(source.rgb, { raw: { width: source.width, height: source.height, channels: 3 } })
      .avif({ lossless: true })
      .toBuffer();
    const decoded = await decodeImageRgb(avif, { sourceName: 'photo.avif' });
    expect([decoded.width, decoded.height]).toEqual([source.width, source.height]);
    expect(decoded.rgb).toEqual(source.rgb);
  });
});
