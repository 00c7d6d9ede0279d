/**
 * Small CIFAR-shaped data for tests: random splits, official-format batch files, and
 * image folders whose PNGs hold known pixels (PNG is lossless, so the truth is exact).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { IMAGE_BYTES } from '../../../../src/image/input-size.js';
import { Random } from '../../../../src/graph/random.js';
import type { ImageSplit } from '../../../../src/train/data/dataset.js';
import { encodeBinaryBatch } from '../../../../src/train/data/cifar-binary.js';
import { OFFICIAL_RELEASE } from '../../../../src/train/data/official-release.js';
import type { TarItem } from '../../../helpers/make-tar.js';

export function randomSplit(count: number, seed: number, classes = 10): ImageSplit {
  const random = new Random(seed);
  const images = Uint8Array.from({ length: count * IMAGE_BYTES }, () => random.int(256));
  const labels = Uint8Array.from({ length: count }, (_, i) => (i * 7 + seed) % classes);
  return { images, labels, count };
}

/** The release's files (5 train batches of `perBatch`, a test batch, the meta file). */
export function releaseFiles(perBatch: number): { files: Map<string, Uint8Array>; train: ImageSplit[]; test: ImageSplit } {
  const files = new Map<string, Uint8Array>();
  const train = OFFICIAL_RELEASE.trainFiles.map((name, i) => {
    const split = randomSplit(perBatch, i + 1);
    files.set(name, encodeBinaryBatch(split));
    return split;
  });
  const test = randomSplit(perBatch, 99);
  files.set(OFFICIAL_RELEASE.testFile, encodeBinaryBatch(test));
  files.set(OFFICIAL_RELEASE.metaFile, new TextEncoder().encode('airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n'));
  return { files, train, test };
}

export function writeReleaseFolder(dir: string, files: Map<string, Uint8Array>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of files) writeFileSync(join(dir, name), bytes);
}

export function releaseTarItems(files: Map<string, Uint8Array>): TarItem[] {
  return [
    { path: `${OFFICIAL_RELEASE.folderName}/`, type: 'dir' },
    ...[...files].map(([name, data]) => ({ path: `${OFFICIAL_RELEASE.folderName}/${name}`, data })),
  ];
}

/** An image whose every pixel is (r, g, b) plus a marker pixel at (x=1, y=2) of `mark`. */
export function solidRgb(width: number, height: number, rgb: [number, number, number], mark = 0): Uint8Array {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(rgb, i * 3);
  if (width > 1 && height > 2) data.set([mark, mark, mark], (2 * width + 1) * 3);
  return data;
}

export async function pngOf(rgb: Uint8Array, width: number, height: number): Promise<Buffer> {
  return sharp(rgb, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

export interface FolderImage {
  path: string;
  rgb: Uint8Array;
}

/**
 * An ImageFolder tree with `perClass` 32×32 PNGs per class and split; each image's
 * colour encodes (split, class, index) so a test can tell them apart.
 */
export async function imageFolderItems(classes: string[], perClass: { train: number; test: number }, root = ''): Promise<{ items: TarItem[]; images: FolderImage[] }> {
  const items: TarItem[] = [];
  const images: FolderImage[] = [];
  for (const split of ['train', 'test'] as const) {
    for (const [label, name] of classes.entries()) {
      for (let i = 0; i < perClass[split]; i++) {
        const rgb = solidRgb(32, 32, [label * 20, i * 10, split === 'train' ? 50 : 200], 255);
        const path = `${root}${split}/${name}/${String(i).padStart(4, '0')}.png`;
        items.push({ path, data: await pngOf(rgb, 32, 32) });
        images.push({ path, rgb });
      }
    }
  }
  return { items, images };
}

export function writeItems(dir: string, items: TarItem[]): void {
  for (const item of items) {
    const path = join(dir, item.path);
    if (item.type === 'dir') mkdirSync(path, { recursive: true });
    else {
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, item.data ?? '');
    }
  }
}
