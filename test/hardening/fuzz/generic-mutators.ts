/** Format-blind mutations: truncation, bit flips, overwritten bytes, random files, moved chunks. */
import type { Random } from '../../../src/graph/random.js';
import { pick, smallCount } from './case-random.js';
import type { Mutator } from './mutator.js';

const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x20, 0x30, 0x39];

function randomBytes(rng: Random, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = rng.int(256);
  return out;
}

/** Cut anywhere; half the cuts land in the first 1 KiB, where the headers are. */
export const truncate: Mutator = {
  name: 'truncate',
  apply: (input, rng) => input.slice(0, rng.int(rng.next() < 0.5 ? Math.min(input.length, 1024) : input.length)),
};

export const flipBits: Mutator = {
  name: 'flip-bits',
  apply(input, rng) {
    const out = input.slice();
    if (out.length === 0) return out;
    const span = rng.next() < 0.5 ? Math.min(out.length, 1024) : out.length;
    for (let n = smallCount(rng, 8); n > 0; n--) out[rng.int(span)]! ^= 1 << rng.int(8);
    return out;
  },
};

export const overwriteBytes: Mutator = {
  name: 'overwrite-bytes',
  apply(input, rng) {
    const out = input.slice();
    if (out.length === 0) return out;
    const span = rng.next() < 0.5 ? Math.min(out.length, 1024) : out.length;
    for (let n = smallCount(rng, 16); n > 0; n--) out[rng.int(span)] = rng.next() < 0.5 ? pick(rng, INTERESTING_BYTES) : rng.int(256);
    return out;
  },
};

/** Random bytes of about the input's size (or tiny), optionally keeping the first bytes (the magic). */
export const randomFile: Mutator = {
  name: 'random-bytes',
  apply(input, rng) {
    const length = rng.next() < 0.3 ? rng.int(64) : rng.int(Math.max(1, Math.min(input.length * 2, 1 << 20)));
    const out = randomBytes(rng, length);
    const keep = Math.min(out.length, rng.next() < 0.5 ? rng.int(17) : 0);
    out.set(input.subarray(0, keep));
    return out;
  },
};

/** Delete, duplicate or move a chunk (shifts every later offset). */
export const spliceChunk: Mutator = {
  name: 'splice-chunk',
  apply(input, rng) {
    if (input.length < 2) return input.slice();
    const start = rng.int(input.length);
    const end = Math.min(input.length, start + 1 + rng.int(Math.min(4096, input.length - start)));
    const chunk = input.subarray(start, end);
    const at = rng.int(input.length + 1);
    const rest = [input.subarray(0, start), input.subarray(end)];
    switch (rng.int(3)) {
      case 0:
        return concat(rest);
      case 1:
        return concat([input.subarray(0, at), chunk, input.subarray(at)]);
      default: {
        const joined = concat(rest);
        const to = Math.min(at, joined.length);
        return concat([joined.subarray(0, to), chunk, joined.subarray(to)]);
      }
    }
  },
};

export const emptyFile: Mutator = { name: 'empty', apply: () => new Uint8Array(0) };

export const GENERIC_MUTATORS: readonly Mutator[] = [truncate, flipBits, overwriteBytes, randomFile, spliceChunk, emptyFile];

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
