/**
 * Tar-aware mutations, each with a valid header checksum so the lie reaches the
 * reader: sizes that claim more (or less) than is there, pax record lengths, hostile
 * names and link entries; for .tar.gz the same lies made inside the gzip stream.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Random } from '../../../../src/graph/random.js';
import { pick } from '../case-random.js';
import { concat, flipBits, truncate } from '../generic-mutators.js';
import { tarHeaders, writeSizeField, writeTextField, fixChecksum } from '../formats/tar-blocks.js';
import { lyingSize, type Mutator } from '../mutator.js';

/** Names that would land outside the destination if a check were missing. `escapeTo` is an absolute path outside it. */
export function hostileNames(escapeTo: string): string[] {
  return [
    '../escaped.txt', 'a/../../escaped.txt', '..', '/etc/passwd', escapeTo, `${escapeTo}/x`, '..\\..\\escaped.txt',
    'C:\\escaped.txt', 'c:escaped.txt', 'a/./../../escaped.txt', '', '.', './', '//', 'a//b/../../..', '\\\\server\\share\\x',
    'nul\0/../../escaped.txt', 'line\nbreak.txt',
  ];
}

/** A pax extended header ('x') carrying one record, padded to whole blocks. */
function paxHeader(key: string, value: string): Uint8Array {
  const body = Buffer.from(` ${key}=${value}\n`);
  let length = body.length + 1;
  while (String(length).length + body.length !== length) length = String(length).length + body.length;
  const data = concat([Buffer.from(String(length)), body]);
  const block = new Uint8Array(512 + Math.ceil(data.length / 512) * 512);
  block.set(Buffer.from('ustar\u000000', 'latin1'), 257);
  block[156] = 'x'.charCodeAt(0);
  writeTextField(block, 0, 0, 100, 'PaxHeaders/entry');
  writeSizeField(block, 0, data.length);
  block.set(data, 512);
  return block;
}

function tarOrGzip(input: Uint8Array, change: (tar: Uint8Array, rng: Random) => Uint8Array, rng: Random): Uint8Array {
  if (input[0] !== 0x1f || input[1] !== 0x8b) return change(input, rng);
  let inner: Uint8Array;
  try {
    inner = gunzipSync(input);
  } catch {
    return flipBits.apply(input, rng);
  }
  return gzipSync(change(inner, rng));
}

function lie(name: string, change: (tar: Uint8Array, rng: Random) => Uint8Array): Mutator {
  return { name, liesAboutLength: true, apply: (input, rng) => tarOrGzip(input, change, rng) };
}

export const sizeLie = lie('tar-size-lie', (tar, rng) => {
  const out = tar.slice();
  const headers = tarHeaders(out);
  if (headers.length === 0) return out;
  const h = pick(rng, headers);
  writeSizeField(out, h.at, lyingSize(rng, h.size, out.length - h.at - 512));
  return out;
});

/** "<len> key=value\n" records: the first length made to lie. */
export const paxLengthLie = lie('tar-pax-length-lie', (tar, rng) => {
  const out = tar.slice();
  const pax = tarHeaders(out).filter((h) => h.flag === 'x' || h.flag === 'g' || h.flag === 'L' || h.flag === 'K');
  if (pax.length === 0) return sizeLie.apply(out, rng);
  const h = pick(rng, pax);
  const data = out.subarray(h.at + 512, h.at + 512 + h.size);
  const space = data.indexOf(0x20);
  if (h.flag === 'x' || h.flag === 'g') {
    const fake = Buffer.from(String(pick(rng, [0, 1, 5, h.size + 1, 2 ** 31, 99_999_999_999])));
    const rebuilt = concat([fake, data.subarray(Math.max(space, 0))]).subarray(0, data.length);
    data.fill(0);
    data.set(rebuilt);
  } else {
    data.fill(rng.next() < 0.5 ? 0x2f : 0x2e, 0, Math.min(data.length, 1 + rng.int(8))); // long names of '/' or '.'
  }
  return out;
});

export function hostileEntry(escapeTo: () => string): Mutator {
  return lie('tar-hostile-entry', (tar, rng) => {
    const out = tar.slice();
    const headers = tarHeaders(out).filter((h) => h.flag !== 'x' && h.flag !== 'g');
    if (headers.length === 0) return out;
    const h = pick(rng, headers);
    const name = pick(rng, hostileNames(escapeTo()));
    switch (rng.int(5)) {
      case 0:
        writeTextField(out, h.at, 0, 100, name);
        break;
      case 4: // a pax header naming the next entry (pax values may hold any byte, NUL included)
        return concat([out.subarray(0, h.at), paxHeader(rng.next() < 0.5 ? 'path' : 'linkpath', name), out.subarray(h.at)]);
      case 1: // ustar prefix + name
        writeTextField(out, h.at, 345, 155, name);
        break;
      default: {
        out[h.at + 156] = (rng.next() < 0.5 ? '1' : '2').charCodeAt(0);
        writeTextField(out, h.at, 157, 100, name || '/etc/passwd');
        if (rng.next() < 0.5) writeSizeField(out, h.at, 0);
        fixChecksum(out, h.at);
      }
    }
    return out;
  });
}

/** Cut or flip inside the gzip stream, then compress again (gzip's CRC would hide a raw flip). */
export const insideGzip: Mutator = {
  name: 'tar-flip-inside-gzip',
  apply: (input, rng) => tarOrGzip(input, (tar, r) => (r.next() < 0.5 ? truncate : flipBits).apply(tar, r), rng),
};
