import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/train/data/dataset.js';
import { readDecodedCache, writeDecodedCache } from '../../../src/train/data/decoded-cache.js';
import { loadDataset } from '../../../src/train/data/load-dataset.js';
import { imageFolderItems, randomSplit, writeItems } from './helpers/synthetic-cifar.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();
const identity = { format: 1, kind: 'archive', path: '/data/x.tar.gz', size: 123, mtimeMs: 456.5, onBadImage: 'fail' };
const dataset: Dataset = { classNames: ['a', 'b', 'c'], train: randomSplit(7, 1, 3), test: randomSplit(3, 2, 3), source: 'test data' };

function sameData(a: Dataset, b: Dataset): boolean {
  const eq = (x: Uint8Array, y: Uint8Array) => Buffer.from(x).equals(Buffer.from(y));
  return (
    a.classNames.join() === b.classNames.join() &&
    eq(a.train.images, b.train.images) &&
    eq(a.train.labels, b.train.labels) &&
    eq(a.test.images, b.test.images) &&
    eq(a.test.labels, b.test.labels)
  );
}

describe('decoded cache file', () => {
  it('round-trips a dataset', () => {
    const path = join(tempDir(), 'c.lpcache');
    writeDecodedCache(path, identity, dataset);
    const got = readDecodedCache(path, { ...identity });
    expect(got.status).toBe('hit');
    if (got.status === 'hit') {
      expect(sameData(got.dataset, dataset)).toBe(true);
      expect(got.dataset.train.count).toBe(7);
      expect(got.dataset.source).toBe('test data');
    }
  });

  it('is a miss when absent, stale when the source changed, corrupt when damaged', () => {
    const dir = tempDir();
    const path = join(dir, 'c.lpcache');
    expect(readDecodedCache(path, identity).status).toBe('miss');
    writeDecodedCache(path, identity, dataset);
    expect(readDecodedCache(path, { ...identity, mtimeMs: 457 })).toMatchObject({ status: 'stale' });
    expect(readDecodedCache(path, { ...identity, extra: 1 })).toMatchObject({ status: 'stale' });

    const bytes = readFileSync(path);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 5]! ^= 1; // one bit in the test labels
    writeFileSync(path, flipped);
    expect(readDecodedCache(path, identity)).toEqual({ status: 'corrupt', reason: 'checksum mismatch' });
    writeFileSync(path, bytes.subarray(0, bytes.length - 1));
    expect(readDecodedCache(path, identity)).toEqual({ status: 'corrupt', reason: 'wrong length' });
    writeFileSync(path, Buffer.from('not a cache at all'));
    expect(readDecodedCache(path, identity)).toEqual({ status: 'corrupt', reason: 'bad magic' });
  });
});

describe('loadDataset with the decoded cache', () => {
  async function folderSource(): Promise<string> {
    const dir = tempDir('folder');
    writeItems(dir, (await imageFolderItems(['a', 'b'], { train: 2, test: 1 })).items);
    return dir;
  }

  it('decodes once, then loads the same arrays from the cache', async () => {
    const data = await folderSource();
    const cacheDir = tempDir('cache');
    const first = await loadDataset({ data, cacheDir });
    expect(first.source).toBe(`image folder ${data} (decoded, cached)`);
    const second = await loadDataset({ data, cacheDir });
    expect(second.source).toBe(`image folder ${data} (cache hit)`);
    expect(sameData(first, second)).toBe(true);
    expect(readdirSync(join(cacheDir, 'decoded'))).toHaveLength(1);
  });

  it('rebuilds when a file of the source changes, replacing the stale cache', async () => {
    const data = await folderSource();
    const cacheDir = tempDir('cache');
    await loadDataset({ data, cacheDir });
    const edited = join(data, 'train', 'b', '0001.png');
    utimesSync(edited, new Date(), new Date(Date.now() + 5000));
    const log: string[] = [];
    const again = await loadDataset({ data, cacheDir, log: (l) => log.push(l) });
    expect(again.source).toMatch(/\(decoded, cached\)$/);
    expect(log.join('\n')).toMatch(/is stale \(source changed since the cache was made\); rebuilding it/);
    expect(readdirSync(join(cacheDir, 'decoded'))).toHaveLength(1);
  });

  it('detects a corrupted cache, rebuilds it and returns correct data', async () => {
    const data = await folderSource();
    const cacheDir = tempDir('cache');
    const truth = await loadDataset({ data, cacheDir });
    const [name] = readdirSync(join(cacheDir, 'decoded'));
    const path = join(cacheDir, 'decoded', name!);
    const bytes = readFileSync(path);
    bytes[bytes.length - 100]! ^= 0xff;
    writeFileSync(path, bytes);
    const log: string[] = [];
    const rebuilt = await loadDataset({ data, cacheDir, log: (l) => log.push(l) });
    expect(log.join('\n')).toMatch(/is corrupt \(checksum mismatch\); rebuilding it/);
    expect(sameData(rebuilt, truth)).toBe(true);
    expect((await loadDataset({ data, cacheDir })).source).toMatch(/\(cache hit\)$/);
  });

  it('reads and writes nothing with useCache false', async () => {
    const data = await folderSource();
    const cacheDir = tempDir('cache');
    const got = await loadDataset({ data, cacheDir, useCache: false });
    expect(got.source).toBe(`image folder ${data}`);
    expect(readdirSync(cacheDir)).toEqual([]);
  });
});
