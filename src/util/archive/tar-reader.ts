/**
 * A streaming reader for tar archives (ustar, GNU long names, pax headers), gzipped or
 * not: it yields one entry at a time with its bytes, so a 170 MB archive is never held
 * whole. It only reads; where the bytes may go is the caller's business (tar-paths.ts).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { ToolError } from '../errors.js';

export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface TarEntry {
  /** The entry's name as stored (long names and pax `path` applied). */
  path: string;
  type: TarEntryType;
  size: number;
  /** Target of a symlink or hard link, '' otherwise. */
  linkTarget: string;
  /** The entry's content (empty for anything but files). */
  data: Buffer;
}

const BLOCK = 512;

/** What one archive may unpack to: a gzip bomb or a lying size field stops here, not in memory. */
export interface TarLimits {
  /** Largest single entry (the official CIFAR-10 release's largest member is 30 MB). */
  maxEntryBytes: number;
  /** All bytes of the (gunzipped) tar stream (the official release unpacks to 185 MB). */
  maxTotalBytes: number;
}

export const DEFAULT_TAR_LIMITS: TarLimits = { maxEntryBytes: 256 * 2 ** 20, maxTotalBytes: 2 ** 30 };

const mib = (bytes: number): string => `${Math.round(bytes / 2 ** 20)} MiB`;

/** Bytes arriving in chunks, taken from the front in exact amounts. */
class ByteQueue {
  private chunks: Buffer[] = [];
  private head = 0;
  length = 0;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  take(n: number): Buffer {
    const first = this.chunks[0];
    if (first && first.length - this.head >= n) {
      // Common case: no copy. Copy anyway when the view would pin a much larger chunk.
      const view = first.subarray(this.head, this.head + n);
      this.advance(n);
      return n < 4096 ? Buffer.from(view) : view;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0]!;
      const count = Math.min(n - filled, chunk.length - this.head);
      chunk.copy(out, filled, this.head, this.head + count);
      filled += count;
      this.advance(count);
    }
    return out;
  }

  private advance(n: number): void {
    this.head += n;
    this.length -= n;
    while (this.chunks.length > 0 && this.head >= this.chunks[0]!.length) {
      this.head -= this.chunks[0]!.length;
      this.chunks.shift();
    }
  }
}

function cString(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

/** Numeric header field: octal text, or GNU base-256 when the high bit is set. */
function numberField(block: Buffer, start: number, length: number): number {
  if ((block[start]! & 0x80) !== 0) {
    let value = block[start]! & 0x7f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + block[i]!;
    return value;
  }
  const text = cString(block, start, length).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) return NaN;
  return parseInt(text, 8);
}

function checksumMatches(block: Buffer): boolean {
  const stored = numberField(block, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  return sum === stored;
}

function typeOf(flag: string): TarEntryType {
  if (flag === '0' || flag === '\0' || flag === '' || flag === '7') return 'file';
  if (flag === '5') return 'directory';
  if (flag === '2') return 'symlink';
  if (flag === '1') return 'hardlink';
  return 'other';
}

/** pax extended header records: "<len> key=value\n" repeated. */
function parsePax(data: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space === -1) break;
    const len = parseInt(data.subarray(pos, space).toString('ascii'), 10);
    if (!(len > 0)) break;
    const record = data.subarray(space + 1, pos + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) records.set(record.slice(0, eq), record.slice(eq + 1));
    pos += len;
  }
  return records;
}

/**
 * Entries of a tar stream. `archiveName` only labels errors: a bad header or a stream
 * that ends inside an entry throws a ToolError naming the archive and the byte offset;
 * so does an entry, or the whole stream, beyond `limits`.
 */
export async function* readTarEntries(
  source: AsyncIterable<Buffer>,
  archiveName: string,
  limits: TarLimits = DEFAULT_TAR_LIMITS,
): AsyncGenerator<TarEntry> {
  const queue = new ByteQueue();
  const iterator = source[Symbol.asyncIterator]();
  let offset = 0;
  let done = false;
  let pulled = 0;
  const push = (chunk: Buffer): void => {
    pulled += chunk.length;
    if (pulled > limits.maxTotalBytes) {
      throw new ToolError(`${archiveName}: unpacks to more than ${mib(limits.maxTotalBytes)}; refusing it (a gzip bomb, or far larger than a dataset archive)`);
    }
    queue.push(chunk);
  };

  const fill = async (n: number, what: string): Promise<void> => {
    while (queue.length < n) {
      const next = done ? undefined : await iterator.next();
      if (!next || next.done) {
        done = true;
        throw new ToolError(`${archiveName}: archive is truncated (ends inside ${what} at byte ${offset})`);
      }
      push(next.value);
    }
  };
  const take = async (n: number, what: string): Promise<Buffer> => {
    await fill(n, what);
    offset += n;
    return queue.take(n);
  };
  const atEnd = async (): Promise<boolean> => {
    while (queue.length === 0 && !done) {
      const next = await iterator.next();
      if (next.done) done = true;
      else push(next.value);
    }
    return queue.length === 0;
  };

  let longName: string | null = null;
  let longLink: string | null = null;
  let pax = new Map<string, string>();

  try {
    while (!(await atEnd())) {
      const headerOffset = offset;
      const header = await take(BLOCK, 'a header');
      if (header.every((b) => b === 0)) break; // end-of-archive marker
      if (!checksumMatches(header)) {
        throw new ToolError(`${archiveName}: not a tar archive, or corrupt (bad header checksum at byte ${headerOffset})`);
      }
      const size = numberField(header, 124, 12);
      if (!Number.isSafeInteger(size) || size < 0) {
        throw new ToolError(`${archiveName}: corrupt tar header at byte ${headerOffset} (bad size field)`);
      }
      const flag = String.fromCharCode(header[156]!);
      const name = cString(header, 0, 100);
      if (size > limits.maxEntryBytes) {
        throw new ToolError(`${archiveName}: entry "${name}" at byte ${headerOffset} declares ${size} bytes, over the ${mib(limits.maxEntryBytes)} limit for one entry`);
      }
      const data = await take(size, `entry "${name}"`);
      await take((BLOCK - (size % BLOCK)) % BLOCK, `entry "${name}"`);

      // Meta entries describe the entry that follows them.
      if (flag === 'L') longName = cString(data, 0, data.length);
      else if (flag === 'K') longLink = cString(data, 0, data.length);
      else if (flag === 'x') pax = parsePax(data);
      else if (flag === 'g') continue; // global pax header: nothing we use
      else {
        const isUstar = header.subarray(257, 262).toString('latin1') === 'ustar';
        const prefix = isUstar ? cString(header, 345, 155) : '';
        const path = pax.get('path') ?? longName ?? (prefix ? `${prefix}/${name}` : name);
        const linkTarget = pax.get('linkpath') ?? longLink ?? cString(header, 157, 100);
        const type = typeOf(flag);
        yield { path, type, size, linkTarget: type === 'symlink' || type === 'hardlink' ? linkTarget : '', data };
        longName = null;
        longLink = null;
        pax = new Map();
      }
    }
  } finally {
    await iterator.return?.();
  }
}

/** A file's bytes, gunzipped on the fly when it starts with the gzip magic. */
export async function openMaybeGzip(path: string): Promise<Readable> {
  const handle = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new ToolError(`${path}: cannot open archive (${err.code ?? err.message})`);
  });
  const magic = Buffer.alloc(2);
  try {
    await handle.read(magic, 0, 2, 0);
  } finally {
    await handle.close();
  }
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  if (magic[0] !== 0x1f || magic[1] !== 0x8b) return raw;
  const gunzip = createGunzip({ chunkSize: 1 << 20 });
  raw.on('error', (err) => gunzip.destroy(err));
  return raw.pipe(gunzip);
}

/** Entries of the tar (or tar.gz) file at `path`; gzip errors become ToolErrors naming it. */
export async function* readTarFile(path: string, limits: TarLimits = DEFAULT_TAR_LIMITS): AsyncGenerator<TarEntry> {
  const stream = await openMaybeGzip(path);
  try {
    yield* readTarEntries(withReadErrorsNamed(stream, path), path, limits);
  } finally {
    stream.destroy();
  }
}

async function* withReadErrorsNamed(stream: Readable, path: string): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ToolError(`${path}: cannot read archive (${reason})`);
  }
}
