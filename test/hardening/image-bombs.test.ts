/**
 * Images from strangers: a header declaring more pixels than the budget (Pillow's
 * decompression-bomb threshold) is refused before decoding, in every format we read,
 * by predict's decoder and by the dataset loader alike, with one line naming the file —
 * for the loader, the member inside its archive. Zero-byte, truncated and mislabelled
 * files in a dataset archive are named too; a correct image under the wrong extension
 * decodes by its content. (test/image/bad-inputs.test.ts covers the same
 * for single files given to predict.)
 */
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeImageRgb } from '../../src/image/decode.js';
import { DEFAULT_MAX_PIXELS } from '../../src/image/image-errors.js';
import { treeFromArchive } from '../../src/util/archive/file-tree.js';
import { decodeDatasetImage } from '../../src/image/decode-dataset-image.js';
import { loadImageFolderTree } from '../../src/train/data/image-folder.js';
import { makeTarGz } from '../helpers/make-tar.js';
import { repoRoot } from '../helpers/paths.js';
import { setBmpSize, setGifSize, setJpegSize, setPngSize } from './fuzz/formats/image-fields.js';

const fixture = (name: string) => new Uint8Array(readFileSync(join(repoRoot, 'test', 'fixtures', 'pillow', 'images', name)));

function resized(name: string, set: (b: Uint8Array, w: number, h: number) => void, w: number, h: number): Uint8Array {
  const bytes = fixture(name);
  set(bytes, w, h);
  return bytes;
}

/** VP8L (lossless WebP): 14-bit width-1 and height-1 right after the 0x2f signature. */
function webpLosslessSized(side: number): Uint8Array {
  const bytes = fixture('photo-lossless-alpha.webp');
  const view = new DataView(bytes.buffer);
  const flags = view.getUint32(21, true) & 0xf0000000;
  view.setUint32(21, (flags | ((side - 1) << 14) | (side - 1)) >>> 0, true);
  return bytes;
}

/** Little-endian TIFF: ImageWidth (256) and ImageLength (257) in the first IFD, as LONGs. */
function tiffSized(width: number, height: number): Uint8Array {
  const bytes = fixture('photo-deflate.tif');
  const view = new DataView(bytes.buffer);
  const ifd = view.getUint32(4, true);
  for (let i = 0, n = view.getUint16(ifd, true); i < n; i++) {
    const at = ifd + 2 + 12 * i;
    const tag = view.getUint16(at, true);
    if (tag !== 256 && tag !== 257) continue;
    view.setUint16(at + 2, 4, true);
    view.setUint32(at + 8, tag === 256 ? width : height, true);
  }
  return bytes;
}

const BOMBS: [string, Uint8Array, number, number][] = [
  ['JPEG', resized('photo-baseline.jpg', setJpegSize, 60_000, 60_000), 60_000, 60_000],
  ['PNG', resized('photo-rgb.png', setPngSize, 200_000, 1_000), 200_000, 1_000],
  ['GIF', resized('photo-palette.gif', setGifSize, 20_000, 20_000), 20_000, 20_000],
  ['BMP', resized('photo-24bit.bmp', setBmpSize, 100_000, 100_000), 100_000, 100_000],
  ['WebP', webpLosslessSized(15_000), 15_000, 15_000],
  ['TIFF', tiffSized(100_000, 100_000), 100_000, 100_000],
];

const bombMessage = (name: string, w: number, h: number) =>
  `${name}: image is ${w}x${h} = ${w * h} pixels, over the limit of ${DEFAULT_MAX_PIXELS}` +
  ' (refusing a possible decompression bomb; raise maxPixels if the image is genuine)';

describe('decompression bombs are refused before decoding, in every format', () => {
  for (const [format, bytes, width, height] of BOMBS) {
    it(`${format} declaring ${width}x${height}`, async () => {
      await expect(decodeImageRgb(bytes, { sourceName: `bomb.${format}` })).rejects.toThrow(bombMessage(`bomb.${format}`, width, height));
      const member = `data.tar.gz:train/cat/bomb.${format}`;
      await expect(decodeDatasetImage(bytes, member)).rejects.toThrow(bombMessage(member, width, height));
    });
  }
});

describe('bad files inside a dataset archive are named', () => {
  const work = mkdtempSync(join(tmpdir(), 'lenet-bad-images-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const png = fixture('photo-rgb.png');
  const jpeg = fixture('photo-baseline.jpg');

  async function load(files: Record<string, Uint8Array | string>, onBadImage: 'fail' | 'skip' = 'fail') {
    const archive = join(work, `data-${Object.keys(files).length}-${onBadImage}.tar.gz`);
    writeFileSync(archive, makeTarGz(Object.entries(files).map(([path, data]) => ({ path, data }))));
    return { archive, result: loadImageFolderTree(await treeFromArchive(archive), { onBadImage }) };
  }

  const good = { 'train/cat/a.jpg': jpeg, 'train/dog/b.png': png, 'test/cat/c.jpg': jpeg, 'test/dog/d.png': png };

  const bad: [string, Uint8Array | string, RegExp][] = [
    ['zero bytes', new Uint8Array(0), /not a readable image \(empty file\)/],
    ['truncated', png.subarray(0, png.length >> 1), /not a readable image \(/],
    ['text under an image name', 'not a picture\n', /not a readable image \(.*unsupported image format/],
  ];
  for (const [what, data, why] of bad) {
    it(`${what}: named as archive member when loading fails, listed when skipped`, async () => {
      const { archive, result } = await load({ ...good, 'train/cat/bad.png': data });
      await expect(result).rejects.toThrow(new RegExp(`^${archive.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:train/cat/bad\\.png: ${why.source}`));
      const skipped = await (await load({ ...good, 'train/cat/bad.png': data, 'train/cat/z.jpg': jpeg }, 'skip')).result;
      expect(skipped.skipped.map((s) => s.name.replace(/^.*:/, ''))).toEqual(['train/cat/bad.png']);
      expect(skipped.dataset.train.count).toBe(3);
    });
  }

  it('a PNG under a .jpg name decodes by its content, to the same pixels', async () => {
    const { result } = await load({ ...good, 'train/cat/a.jpg': png, 'train/cat/same.png': png });
    const { dataset } = await result;
    const [first, second] = [0, 1].map((i) => dataset.train.images.subarray(i * 3072, (i + 1) * 3072));
    expect(Buffer.from(first!).equals(Buffer.from(second!))).toBe(true);
  });
});
