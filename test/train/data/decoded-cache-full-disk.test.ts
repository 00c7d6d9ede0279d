/**
 * A disk that fills up while the cache is written: the load still succeeds, and no
 * file (whole or partial) is left where a later run would look for the cache.
 */
import * as fs from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadDataset } from '../../../src/train/data/load-dataset.js';
import { imageFolderItems, writeItems } from './helpers/synthetic-cifar.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const disk = vi.hoisted(() => ({ bytesLeft: Infinity }));

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const writeSync = ((fd: number, buffer: Uint8Array, offset?: number, length?: number) => {
    const want = length ?? buffer.length - (offset ?? 0);
    if (want > disk.bytesLeft) {
      // Like a real full disk: part of the write lands, the rest fails.
      disk.bytesLeft = 0;
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }
    disk.bytesLeft -= want;
    return real.writeSync(fd, buffer, offset, length);
  }) as typeof real.writeSync;
  return { ...real, default: { ...real, writeSync }, writeSync };
});

const tempDir = useTempDirs();

describe('decoded cache on a full disk', () => {
  it('keeps the decoded data, says the cache was not written, and leaves no file behind', async () => {
    const data = tempDir('folder');
    writeItems(data, (await imageFolderItems(['a', 'b'], { train: 3, test: 2 })).items);
    const cacheDir = tempDir('cache');
    const log: string[] = [];
    disk.bytesLeft = 5000; // less than the ~30 kB cache
    const dataset = await loadDataset({ data, cacheDir, log: (l) => log.push(l) });
    disk.bytesLeft = Infinity;

    expect(dataset.train.count).toBe(6);
    expect(dataset.source).toMatch(/\(decoded, not cached\)$/);
    expect(log.join('\n')).toMatch(/could not write the decoded cache: .*\.lpcache: cannot write this file \(ENOSPC: no space left on the device; free some space or choose another disk\); continuing without it/);
    expect(fs.readdirSync(join(cacheDir, 'decoded'))).toEqual([]);

    // With space again, the next run writes a complete cache and the one after uses it.
    expect((await loadDataset({ data, cacheDir })).source).toMatch(/\(decoded, cached\)$/);
    expect((await loadDataset({ data, cacheDir })).source).toMatch(/\(cache hit\)$/);
  });
});
