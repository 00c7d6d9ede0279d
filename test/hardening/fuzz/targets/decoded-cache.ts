/**
 * The decoded-image cache: a real file from writeDecodedCache. Any damage must read as
 * miss/stale/corrupt ("rebuild", counted as a clean refusal), never a crash or a bad hit. The lies here also recompute the
 * CRC, so they reach the header checks behind it: counts, header length, wrong types.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { IMAGE_BYTES } from '../../../../src/image/input-size.js';
import type { Random } from '../../../../src/graph/random.js';
import { readDecodedCache, writeDecodedCache, type CacheIdentity } from '../../../../src/train/data/decoded-cache.js';
import { syntheticDataset } from '../../../helpers/synthetic-data.js';
import { pick } from '../case-random.js';
import { GENERIC_MUTATORS } from '../generic-mutators.js';
import { HOSTILE_JSON, jsonLeaves, joinJsonHeader, setAt, splitJsonHeader, type JsonHeaderLayout } from '../formats/json-header.js';
import { lyingSize, type Mutator } from '../mutator.js';
import type { FuzzTarget } from '../target.js';
import { attempt } from '../verdict.js';

const NAME = 'fuzz-case.cache';
const LAYOUT: JsonHeaderLayout = { preamble: 16, lengthAt: 8 };
const IDENTITY: CacheIdentity = { source: '/data/cifar10-jpg.tar.gz', size: 19_435_853, mtimeMs: 1, fastJpeg: true };

function withValidCrc(file: Uint8Array): Uint8Array {
  if (file.length >= 16) new DataView(file.buffer, file.byteOffset).setUint32(12, crc32(file.subarray(16)), true);
  return file;
}

function headerLie(name: string, change: (header: Record<string, unknown>, rng: Random) => void): Mutator {
  return {
    name,
    liesAboutLength: true,
    apply(input, rng) {
      const parts = splitJsonHeader(input, LAYOUT);
      if (!parts || typeof parts.header !== 'object' || parts.header === null) return headerLengthLie.apply(input, rng);
      change(parts.header as Record<string, unknown>, rng);
      return withValidCrc(joinJsonHeader(parts, LAYOUT));
    },
  };
}

const headerLengthLie: Mutator = {
  name: 'header-length-lie',
  liesAboutLength: true,
  apply(input, rng) {
    const out = input.slice();
    if (out.length >= 16) new DataView(out.buffer).setUint32(8, lyingSize(rng, new DataView(out.buffer).getUint32(8, true), out.length) >>> 0, true);
    return rng.next() < 0.5 ? withValidCrc(out) : out;
  },
};

const countLie = headerLie('count-lie', (header, rng) => {
  const field = pick(rng, ['trainCount', 'testCount']);
  const honest = typeof header[field] === 'number' ? (header[field] as number) : 0;
  header[field] = rng.next() < 0.5 ? lyingSize(rng, honest, 64) * (rng.next() < 0.3 ? -1 : 1) : pick(rng, HOSTILE_JSON);
});

const valueLie = headerLie('header-value-lie', (header, rng) => {
  const leaves = jsonLeaves(header).filter((p) => p[0] !== 'identity');
  if (leaves.length) setAt(header, pick(rng, leaves), pick(rng, HOSTILE_JSON));
  if (rng.next() < 0.2) header[pick(rng, ['classNames', 'trainCount', 'identity', 'source'])] = pick(rng, HOSTILE_JSON);
});

export const decodedCacheTarget: FuzzTarget = {
  reader: 'cache',
  names: [NAME],
  mutators: [...GENERIC_MUTATORS, headerLengthLie, countLie, valueLie],

  async buildCorpus({ corpus }) {
    const path = join(corpus, 'seed.cache');
    writeDecodedCache(path, IDENTITY, syntheticDataset(6, 4, 3));
    return [{ name: 'synthetic-6-4.cache', bytes: new Uint8Array(readFileSync(path)) }];
  },

  async read(bytes, _seed, scratch) {
    const path = join(scratch, NAME);
    writeFileSync(path, bytes);
    let status = '';
    const verdict = await attempt([NAME], () => readDecodedCache(path, IDENTITY), (lookup) => {
      if (lookup.status !== 'hit') {
        status = `${lookup.status}: ${lookup.reason}`;
        return null;
      }
      const { dataset: d } = lookup;
      if (!Array.isArray(d.classNames) || !d.classNames.every((n) => typeof n === 'string')) return `hit with class names ${JSON.stringify(d.classNames)}`;
      for (const split of [d.train, d.test]) {
        if (!Number.isSafeInteger(split.count) || split.count < 0) return `hit with count ${split.count}`;
        if (split.images.length !== split.count * IMAGE_BYTES || split.labels.length !== split.count) return 'hit with split sizes that disagree';
        if (split.labels.some((l) => l >= d.classNames.length)) return `hit with a label beyond ${d.classNames.length} classes`;
      }
      return null;
    });
    // A cache never throws: "miss", "stale" and "corrupt" (rebuild) are its clean refusals.
    return verdict.outcome === 'valid' && status ? { outcome: 'error', message: status } : verdict;
  },
};
