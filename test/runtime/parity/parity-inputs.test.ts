import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../../src/image/index.js';
import { expandImagePaths } from '../../../src/image/preprocess-files.js';
import { imagesOf, inputsFromCifar, inputsFromFiles, randomInputs } from '../../../src/runtime/parity/parity-inputs.js';
import { cifarArchive } from '../../helpers/paths.js';

/** A folder with two PNGs (solid colours), one sub-folder PNG and a broken "image". */
async function imageFolder(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'parity-inputs-'));
  const solid = (v: number) => encodePng(new Uint8Array(32 * 32 * 3).fill(v), 32, 32);
  writeFileSync(join(dir, 'b.png'), await solid(200));
  writeFileSync(join(dir, 'a.png'), await solid(100));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'c.png'), await solid(50));
  writeFileSync(join(dir, 'broken.jpg'), 'not really a jpeg');
  return dir;
}

describe('inputsFromFiles', () => {
  it('keeps sorted order, reports the unreadable file by name and keeps the rest', async () => {
    const dir = await imageFolder();
    const inputs = await inputsFromFiles([dir], {});
    expect(inputs.names).toEqual([join(dir, 'a.png'), join(dir, 'b.png'), join(dir, 'sub', 'c.png')]);
    expect(inputs.count).toBe(3);
    expect(imagesOf(inputs)).toHaveLength(3 * 3072);
    expect([imagesOf(inputs)[0], imagesOf(inputs)[3072], imagesOf(inputs)[2 * 3072]]).toEqual([100 / 255, 200 / 255, 50 / 255].map(Math.fround));
    expect(inputs.unreadable).toHaveLength(1);
    expect(inputs.unreadable[0]!.file).toBe(join(dir, 'broken.jpg'));
    expect(inputs.unreadable[0]!.error).toMatch(new RegExp(`^${join(dir, 'broken.jpg')}: not a readable image`));
    expect(inputs.source).toMatch(/^3 image files from .* \(1 unreadable\)$/);
  });

  it('limits to the first N files', async () => {
    const dir = await imageFolder();
    const inputs = await inputsFromFiles([dir], { limit: 1 });
    expect(inputs.names).toEqual([join(dir, 'a.png')]);
  });
});

describe('expandImagePaths', () => {
  it('keeps command-line order and a missing path in its place', async () => {
    const dir = await imageFolder();
    const files = await expandImagePaths([join(dir, 'sub'), join(dir, 'nope.png'), join(dir, 'a.png'), join(dir, 'sub', 'c.png')]);
    expect(files).toEqual([join(dir, 'sub', 'c.png'), join(dir, 'nope.png'), join(dir, 'a.png')]);
  });
});

describe('randomInputs', () => {
  it('is reproducible from its seed and looks like 8-bit images', () => {
    const a = randomInputs(4, 9, 'why');
    expect(imagesOf(a)).toEqual(imagesOf(randomInputs(4, 9, 'why')));
    expect(imagesOf(a)).not.toEqual(imagesOf(randomInputs(4, 10, 'why')));
    expect(imagesOf(a).every((v) => Number.isInteger(Math.round(v * 255)) && Math.fround(Math.round(v * 255) / 255) === v)).toBe(true);
    expect(a.source).toBe('4 seeded random images (seed 9): why');
  });
});

describe('inputsFromCifar', () => {
  it('says there is no data (null) rather than downloading', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-cifar-'));
    expect(await inputsFromCifar({ count: 5, seed: 0, load: { cacheDir: empty, env: {} } })).toBeNull();
  });

  it('samples test images reproducibly, in source order, with their true labels', async () => {
    const load = { data: cifarArchive };
    const a = await inputsFromCifar({ count: 50, seed: 3, load });
    const b = await inputsFromCifar({ count: 50, seed: 3, load });
    expect(a!.names).toEqual(b!.names);
    const indices = a!.names.map((n) => Number(/\[(\d+)\]/.exec(n)![1]));
    expect(indices).toEqual([...indices].sort((x, y) => x - y));
    expect(new Set(indices).size).toBe(50);
    expect(a!.truth).toHaveLength(50);
    expect(new Set(a!.truth).size).toBeGreaterThan(3); // a shuffled sample, not one class of a grouped archive
    expect(a!.source).toMatch(/^50 \(seeded sample, seed 3\) of 10000 CIFAR-10 test images from /);
  });
});
