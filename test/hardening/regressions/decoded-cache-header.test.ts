/**
 * Regression (fuzz, cache seed 3 cases 176-481 and seed 4 case 2416): the decoded cache
 * trusted its JSON header once the CRC matched. A header of another shape (JSON null,
 * class names that are not strings, a negative count balanced by another) crashed or
 * came back as a hit; now any such header reads as "corrupt", i.e. rebuild.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readDecodedCache, writeDecodedCache } from '../../../src/train/data/decoded-cache.js';
import { syntheticDataset } from '../../helpers/synthetic-data.js';
import { joinJsonHeader, splitJsonHeader } from '../fuzz/formats/json-header.js';

const LAYOUT = { preamble: 16, lengthAt: 8 };
const IDENTITY = { source: 'a.tar.gz', size: 1 };
const work = mkdtempSync(join(tmpdir(), 'lenet-cache-header-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const honestPath = join(work, 'honest.cache');
writeDecodedCache(honestPath, IDENTITY, syntheticDataset(6, 4, 3));
const honest = new Uint8Array(readFileSync(honestPath));

/** The cache with its header changed and a CRC that matches again (so only the header checks stand). */
function forged(change: (header: Record<string, unknown>) => unknown): string {
  const parts = splitJsonHeader(honest, LAYOUT)!;
  const file = joinJsonHeader({ ...parts, header: change(parts.header as Record<string, unknown>) }, LAYOUT);
  new DataView(file.buffer).setUint32(12, crc32(file.subarray(16)), true);
  const path = join(work, 'forged.cache');
  writeFileSync(path, file);
  return path;
}

describe('decoded cache headers of the wrong shape read as corrupt', () => {
  const cases: [string, (h: Record<string, unknown>) => unknown, string][] = [
    ['JSON null', () => null, 'unreadable header'],
    ['class names that are not strings', (h) => ({ ...h, classNames: ['class0', -1, 'class2'] }), 'unreadable header'],
    ['a negative count balanced by another', (h) => ({ ...h, trainCount: -2, testCount: 12 }), 'unreadable header'],
    ['labels beyond the class list', (h) => ({ ...h, classNames: ['only'] }), 'labels beyond the class list'],
  ];
  for (const [what, change, reason] of cases) {
    it(what, () => {
      expect(readDecodedCache(forged(change), IDENTITY)).toEqual({ status: 'corrupt', reason });
    });
  }

  it('the honest file is a hit', () => {
    const lookup = readDecodedCache(honestPath, IDENTITY);
    expect(lookup.status === 'hit' && [lookup.dataset.train.count, lookup.dataset.test.count]).toEqual([6, 4]);
  });
});
