/**
 * Decoded images kept on disk so JPEGs are decoded once, not on every run.
 *
 * File layout (little-endian):
 *   "LPCIFAR1" | u32 header length | u32 crc32 of everything after these 16 bytes |
 *   header JSON (source identity, class names, counts) |
 *   train images | train labels | test images | test labels
 * The identity (path, size, mtime, decode options) says whether the cache still
 * describes its source; the crc32 says whether the bytes are intact. Either failing
 * means "rebuild", never "use". Writes are atomic, so a crash or a full disk leaves the
 * previous file or none, never half of one.
 */
import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { IMAGE_BYTES } from '../../image/input-size.js';
import { writeFileAtomic } from '../../util/atomic-file.js';
import type { Dataset, ImageSplit } from './dataset.js';

/** A function, not a module-level Buffer: pages bundle this module (through shared imports) and have no Buffer. */
const magic = () => Buffer.from('LPCIFAR1', 'latin1');
const PREAMBLE = 16;

/** What the cache was made from; any change makes it stale. */
export type CacheIdentity = Record<string, string | number | boolean>;

interface CacheHeader {
  identity: CacheIdentity;
  classNames: string[];
  trainCount: number;
  testCount: number;
  source: string;
}

export type CacheLookup = { status: 'hit'; dataset: Dataset } | { status: 'miss' | 'stale' | 'corrupt'; reason: string };

const isCount = (n: unknown): boolean => Number.isSafeInteger(n) && (n as number) >= 0;

/** A header of the expected shape (another version's, or a damaged one, is not). */
function isCacheHeader(h: unknown): h is CacheHeader {
  const x = h as Partial<CacheHeader> | null;
  return (
    typeof x === 'object' && x !== null && typeof x.identity === 'object' && x.identity !== null && typeof x.source === 'string' &&
    isCount(x.trainCount) && isCount(x.testCount) && Array.isArray(x.classNames) && x.classNames.every((n) => typeof n === 'string')
  );
}

function bodyBytes(header: CacheHeader): number {
  return (header.trainCount + header.testCount) * (IMAGE_BYTES + 1);
}

export function writeDecodedCache(path: string, identity: CacheIdentity, dataset: Dataset): void {
  const header: CacheHeader = {
    identity,
    classNames: dataset.classNames,
    trainCount: dataset.train.count,
    testCount: dataset.test.count,
    source: dataset.source,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const body = [headerBytes, dataset.train.images, dataset.train.labels, dataset.test.images, dataset.test.labels];
  let crc = 0;
  for (const part of body) crc = crc32(part, crc);
  const preamble = Buffer.alloc(PREAMBLE);
  magic().copy(preamble, 0);
  preamble.writeUInt32LE(headerBytes.length, 8);
  preamble.writeUInt32LE(crc, 12);
  writeFileAtomic(path, preamble, ...body);
}

function sameIdentity(a: CacheIdentity, b: CacheIdentity): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** Reads the cache at `path` if it exists, is intact and matches `identity`. */
export function readDecodedCache(path: string, identity: CacheIdentity): CacheLookup {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return { status: 'miss', reason: 'no cache file' };
  }
  if (bytes.length < PREAMBLE || !bytes.subarray(0, 8).equals(magic())) return { status: 'corrupt', reason: 'bad magic' };
  const headerLength = bytes.readUInt32LE(8);
  let header: unknown;
  try {
    header = JSON.parse(bytes.subarray(PREAMBLE, PREAMBLE + headerLength).toString('utf8'));
  } catch {
    return { status: 'corrupt', reason: 'unreadable header' };
  }
  if (!isCacheHeader(header)) return { status: 'corrupt', reason: 'unreadable header' };
  if (!sameIdentity(header.identity, identity)) return { status: 'stale', reason: 'source changed since the cache was made' };
  const bodyStart = PREAMBLE + headerLength;
  if (bytes.length !== bodyStart + bodyBytes(header)) return { status: 'corrupt', reason: 'wrong length' };
  if (crc32(bytes.subarray(PREAMBLE)) !== bytes.readUInt32LE(12)) return { status: 'corrupt', reason: 'checksum mismatch' };

  let at = bodyStart;
  // Views into the one buffer just read: no copies.
  const take = (n: number): Uint8Array => {
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset + at, n);
    at += n;
    return view;
  };
  const split = (count: number): ImageSplit => {
    const images = take(count * IMAGE_BYTES);
    return { images, labels: take(count), count };
  };
  const train = split(header.trainCount);
  const test = split(header.testCount);
  const classes = header.classNames.length;
  if (train.labels.some((l) => l >= classes) || test.labels.some((l) => l >= classes)) return { status: 'corrupt', reason: 'labels beyond the class list' };
  return { status: 'hit', dataset: { classNames: header.classNames, train, test, source: header.source } };
}
