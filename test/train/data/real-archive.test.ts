/**
 * The real data in ../shared: the whole archive through the loader and its cache,
 * checked against the archive's README (counts, class order) and against Pillow
 * (pixel values read with PIL 9.4: `Image.open(member).convert("RGB").getpixel((x, y))`).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMAGE_BYTES } from '../../../src/image/input-size.js';
import { CIFAR10_CLASSES } from '../../../src/graph/model-spec.js';
import type { ImageSplit } from '../../../src/train/data/dataset.js';
import { loadDataset } from '../../../src/train/data/load-dataset.js';
import { CIFAR_JPG_ARCHIVE } from './helpers/shared-data.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();

/** Pixel (x, y) of image `index` as [R, G, B], from the planar layout. */
function pixel(split: ImageSplit, index: number, x: number, y: number): number[] {
  const base = index * IMAGE_BYTES + y * 32 + x;
  return [split.images[base]!, split.images[base + 1024]!, split.images[base + 2048]!];
}

function perClass(split: ImageSplit): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of split.labels) counts[label]!++;
  return counts;
}

describe('the CIFAR-10 JPEG archive in ../shared/data', () => {
  it('loads 5,000/1,000 images per class in CIFAR order with Pillow\'s pixels, then again from the cache', async () => {
    const cacheDir = tempDir('cache');
    const first = await loadDataset({ data: CIFAR_JPG_ARCHIVE, cacheDir });
    expect(first.source).toBe(`image folder ${CIFAR_JPG_ARCHIVE} (decoded, cached)`);
    expect(first.classNames).toEqual([...CIFAR10_CLASSES]);
    expect(perClass(first.train)).toEqual(new Array(10).fill(5000));
    expect(perClass(first.test)).toEqual(new Array(10).fill(1000));

    const second = await loadDataset({ data: CIFAR_JPG_ARCHIVE, cacheDir });
    expect(second.source).toBe(`image folder ${CIFAR_JPG_ARCHIVE} (cache hit)`);
    for (const data of [first, second]) {
      // test/airplane/0000.jpg is test image 0.
      expect(pixel(data.test, 0, 0, 0)).toEqual([141, 159, 179]);
      expect(pixel(data.test, 0, 31, 31)).toEqual([49, 72, 64]);
      expect(pixel(data.test, 0, 5, 17)).toEqual([215, 215, 223]);
      // train/cat/1234.jpg: cat is label 3, so index 3 * 5000 + 1234.
      expect(data.train.labels[16234]).toBe(3);
      expect(pixel(data.train, 16234, 0, 0)).toEqual([118, 69, 62]);
      expect(pixel(data.train, 16234, 5, 17)).toEqual([165, 116, 101]);
      // train/truck/4999.jpg is the very last training image.
      expect(data.train.labels[49999]).toBe(9);
      expect(pixel(data.train, 49999, 31, 31)).toEqual([7, 29, 43]);
    }
    expect(readdirSync(join(cacheDir, 'decoded'))).toHaveLength(1);
  });
});
