import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { IMAGE_BYTES } from '../../../src/image/input-size.js';
import { CIFAR10_CLASSES } from '../../../src/graph/model-spec.js';
import { treeFromArchive, treeFromDirectory } from '../../../src/util/archive/file-tree.js';
import { classOrder } from '../../../src/train/data/image-folder-layout.js';
import { loadImageFolderTree } from '../../../src/train/data/image-folder.js';
import { resizeBilinearPillow } from '../../../src/image/pillow-resize.js';
import { uint8ChwFromHwc } from '../../../src/image/to-tensor.js';
import { makeTarGz } from '../../helpers/make-tar.js';
import { imageFolderItems, pngOf, solidRgb, writeItems } from './helpers/synthetic-cifar.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();
const image = (split: { images: Uint8Array }, i: number) => split.images.subarray(i * IMAGE_BYTES, (i + 1) * IMAGE_BYTES);

describe('classOrder', () => {
  it("uses CIFAR-10's label order for the ten CIFAR names, sorted order otherwise", () => {
    expect(classOrder([...CIFAR10_CLASSES].reverse())).toEqual([...CIFAR10_CLASSES]);
    expect(classOrder(['dog', 'cat', 'Zebra', 'cat'])).toEqual(['Zebra', 'cat', 'dog']);
    expect(classOrder(CIFAR10_CLASSES.slice(0, 9))).toEqual([...CIFAR10_CLASSES.slice(0, 9)].sort());
  });
});

describe('loadImageFolderTree', () => {
  it('reads a folder and its .tar.gz to the same pixels, labels and order', async () => {
    const classes = ['truck', 'cat', 'airplane'];
    const { items, images } = await imageFolderItems(classes, { train: 3, test: 2 }, 'my-photos/');
    const dir = tempDir('folder');
    writeItems(dir, items);
    const archive = join(tempDir('archive'), 'photos.tar.gz');
    writeFileSync(archive, makeTarGz([...items].reverse())); // archive order must not matter
    for (const tree of [treeFromDirectory(dir), await treeFromArchive(archive)]) {
      const { dataset, skipped } = await loadImageFolderTree(tree);
      expect(skipped).toEqual([]);
      expect(dataset.classNames).toEqual(['airplane', 'cat', 'truck']); // not all ten CIFAR names: sorted
      expect(dataset.train.count).toBe(9);
      expect(dataset.test.count).toBe(6);
      expect([...dataset.train.labels]).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);
      // train[4] is cat/0001.png: planar copy of the PNG's pixels.
      const expected = images.find((i) => i.path === 'my-photos/train/cat/0001.png')!;
      expect(Buffer.from(image(dataset.train, 4)).equals(Buffer.from(uint8ChwFromHwc(expected.rgb, 32, 32)))).toBe(true);
    }
  });

  it('resizes other sizes exactly like predict (Pillow bilinear) and handles grey and alpha', async () => {
    const dir = tempDir('folder');
    const { items } = await imageFolderItems(['a', 'b'], { train: 1, test: 1 });
    writeItems(dir, items);
    const big = Uint8Array.from({ length: 50 * 40 * 3 }, (_, i) => (i * 13) % 256);
    mkdirSync(join(dir, 'train', 'a'), { recursive: true });
    writeFileSync(join(dir, 'train', 'a', 'big.png'), await pngOf(big, 50, 40));
    const grey = Uint8Array.from({ length: 32 * 32 }, (_, i) => i % 256);
    await sharp(grey, { raw: { width: 32, height: 32, channels: 1 } }).png().toFile(join(dir, 'train', 'b', 'grey.png'));
    const rgba = Uint8Array.from({ length: 32 * 32 * 4 }, (_, i) => (i % 4 === 3 ? 0 : (i * 7) % 256));
    await sharp(rgba, { raw: { width: 32, height: 32, channels: 4 } }).png().toFile(join(dir, 'train', 'b', 'rgba.png'));

    const { dataset } = await loadImageFolderTree(treeFromDirectory(dir));
    // Sorted within class: a/0000.png, a/big.png, b/0000.png, b/grey.png, b/rgba.png
    expect(dataset.train.count).toBe(5);
    const resized = uint8ChwFromHwc(resizeBilinearPillow(big, 50, 40, 32, 32), 32, 32);
    expect(Buffer.from(image(dataset.train, 1)).equals(Buffer.from(resized))).toBe(true);
    const greyPlanar = image(dataset.train, 3);
    expect([greyPlanar[77], greyPlanar[1024 + 77], greyPlanar[2048 + 77]]).toEqual([77, 77, 77]);
    const noAlpha = image(dataset.train, 4); // alpha dropped, colour kept (Pillow's convert("RGB"))
    expect([noAlpha[5], noAlpha[1024 + 5], noAlpha[2048 + 5]]).toEqual([rgba[20], rgba[21], rgba[22]]);
  });

  it('follows links to files but not links to folders', async () => {
    const dir = tempDir('folder');
    const { items } = await imageFolderItems(['a', 'b'], { train: 1, test: 1 });
    writeItems(dir, items);
    symlinkSync(join(dir, 'train', 'a', '0000.png'), join(dir, 'train', 'b', 'linked.png'));
    symlinkSync(join(dir, 'train'), join(dir, 'train', 'a', 'loop'));
    const { dataset } = await loadImageFolderTree(treeFromDirectory(dir));
    expect([...dataset.train.labels]).toEqual([0, 1, 1]);
    expect(Buffer.from(image(dataset.train, 2)).equals(Buffer.from(image(dataset.train, 0)))).toBe(true);
  });

  it('names a non-image file, or skips and counts it with onBadImage "skip"', async () => {
    const dir = tempDir('folder');
    const { items } = await imageFolderItems(['a', 'b'], { train: 2, test: 1 });
    writeItems(dir, items);
    writeFileSync(join(dir, 'train', 'b', 'notes.txt'), 'not a picture');
    writeFileSync(join(dir, 'train', 'b', '.DS_Store'), 'ignored silently');
    writeFileSync(join(dir, 'README.md'), 'outside the splits: ignored');
    const tree = treeFromDirectory(dir);
    await expect(loadImageFolderTree(tree)).rejects.toThrow(
      new RegExp(`^${join(dir, 'train', 'b', 'notes.txt')}: not an image file in a class folder; expected one of .*, or use --on-bad-image skip$`),
    );
    const { dataset, skipped } = await loadImageFolderTree(tree, { onBadImage: 'skip' });
    expect(dataset.train.count).toBe(4);
    expect(skipped).toEqual([{ name: join(dir, 'train', 'b', 'notes.txt'), reason: 'not an image file' }]);
  });

  it('names an unreadable JPEG, or skips it and keeps the order of the rest', async () => {
    const dir = tempDir('folder');
    const { items } = await imageFolderItems(['a', 'b'], { train: 3, test: 1 });
    writeItems(dir, items);
    const jpeg = await sharp(solidRgb(32, 32, [10, 20, 30]), { raw: { width: 32, height: 32, channels: 3 } }).jpeg().toBuffer();
    const broken = join(dir, 'train', 'a', '0001.png'); // replaced by half a JPEG
    writeFileSync(broken, jpeg.subarray(0, 100));
    const tree = treeFromDirectory(dir);
    await expect(loadImageFolderTree(tree)).rejects.toThrow(new RegExp(`^${broken}: not a readable image \\(`));
    const log: string[] = [];
    const { dataset, skipped } = await loadImageFolderTree(tree, { onBadImage: 'skip', log: (l) => log.push(l) });
    expect(skipped.map((s) => s.name)).toEqual([broken]);
    expect(dataset.train.count).toBe(5);
    expect([...dataset.train.labels]).toEqual([0, 0, 1, 1, 1]);
    expect(image(dataset.train, 1)[1024]).toBe(20); // a/0002.png (green = index*10) moved up
    expect(log).toEqual([`skipped 1 unreadable or non-image files (first: ${broken})`]);
  });

  it('rejects an empty class folder, a missing split and two roots', async () => {
    const dir = tempDir('folder');
    const { items } = await imageFolderItems(['a', 'b'], { train: 1, test: 1 });
    writeItems(dir, items);
    mkdirSync(join(dir, 'train', 'c'));
    await expect(loadImageFolderTree(treeFromDirectory(dir))).rejects.toThrow(`${dir}: class folder train/c has no images`);
    writeFileSync(join(dir, 'train', 'c', 'x.png'), await pngOf(solidRgb(32, 32, [1, 2, 3]), 32, 32));
    await expect(loadImageFolderTree(treeFromDirectory(dir))).rejects.toThrow(
      `${dir}: class "c" has no folder test/c (every class needs images in train/ and test/)`,
    );

    const noTest = tempDir('folder');
    writeItems(noTest, items.filter((i) => i.path.startsWith('train/')));
    await expect(loadImageFolderTree(treeFromDirectory(noTest))).rejects.toThrow(/no test\/<class>\/ folders found/);

    const archive = join(tempDir('archive'), 'two.tar.gz');
    const twice = [...items.map((i) => ({ ...i, path: `one/${i.path}` })), ...items.map((i) => ({ ...i, path: `two/${i.path}` }))];
    writeFileSync(archive, makeTarGz(twice));
    await expect(loadImageFolderTree(await treeFromArchive(archive))).rejects.toThrow(/two dataset roots \("one" and "two"\)/);
  });
});
