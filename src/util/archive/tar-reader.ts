/**
 * Tar archives (ustar, GNU long names, pax headers), gzipped or not, one entry at a time
 * with its bytes, so a 170 MB archive is never held whole. tar-stream parses; this file
 * adds what a dataset tool needs around it: size limits against bombs and lying headers,
 * and one-line errors naming the archive and the byte where it went wrong. It only
 * reads; where the bytes may go is the caller's business (tar-paths.ts).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import tarStream, { type Extract, type Header } from 'tar-stream';
import { describeError, ToolError } from '../errors.js';

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

function typeOf(type: Header['type']): TarEntryType {
  if (type === 'file' || type === 'contiguous-file') return 'file';
  if (type === 'directory') return 'directory';
  if (type === 'symlink') return 'symlink';
  if (type === 'link') return 'hardlink';
  return 'other';
}

/** Small entries are copied so they do not pin the (up to 1 MiB) chunk they arrived in. */
function entryBytes(chunks: Buffer[]): Buffer {
  if (chunks.length === 0) return Buffer.alloc(0);
  if (chunks.length > 1) return Buffer.concat(chunks);
  const only = chunks[0]!;
  return only.length < 4096 ? Buffer.from(only) : only;
}

/** Resolves once `extract` wants more bytes, or is gone. */
function drained(extract: Extract): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      extract.off('drain', done);
      extract.off('close', done);
      resolve();
    };
    extract.on('drain', done);
    extract.on('close', done);
  });
}

/** Where the reader is, for messages: bytes handed to the parser and the last entry read. */
interface Position {
  fed: number;
  /** Offset of the header after the last complete entry (0 before the first). */
  nextHeader: number;
  last: { name: string; end: number } | null;
  /** The entry whose bytes are being read. */
  current: { name: string; dataStart: number } | null;
  /** The last bytes fed (whole chunks, about RECENT bytes), ending at `fed`. */
  recent: { chunks: Buffer[]; bytes: number };
}

/**
 * Enough of the latest input to find the header the parser just refused: parsing runs as
 * bytes are written, and backpressure keeps the feed only a little ahead of it.
 */
const RECENT = 2 ** 20;

function remember(at: Position, chunk: Buffer): void {
  const { recent } = at;
  recent.chunks.push(chunk);
  recent.bytes += chunk.length;
  while (recent.chunks.length > 1 && recent.bytes - recent.chunks[0]!.length >= RECENT) recent.bytes -= recent.chunks.shift()!.length;
}

/**
 * The name in a pax record tar-stream refused (a NUL byte in `path`), read from the raw
 * bytes at `at.nextHeader` so the error can name it as tar-paths.ts would; null when
 * those bytes are not at hand.
 */
function refusedPaxPath(at: Position): string | null {
  const start = at.fed - at.recent.bytes;
  if (at.nextHeader < start) return null;
  const bytes = Buffer.concat(at.recent.chunks).subarray(at.nextHeader - start);
  if (bytes.length < BLOCK) return null;
  const size = parseInt(bytes.subarray(124, 136).toString('latin1'), 8);
  const records = bytes.subarray(BLOCK, BLOCK + (size || 0)).toString('utf8');
  return /(?:^|\n)\d+ path=([^\n]*)\n/.exec(records)?.[1] ?? null;
}

/** Feeds `source` to the parser with backpressure, stopping at `limits.maxTotalBytes`. */
async function feed(source: AsyncIterable<Buffer>, extract: Extract, archiveName: string, limits: TarLimits, at: Position): Promise<void> {
  try {
    for await (const chunk of source) {
      if (extract.destroyed) return;
      at.fed += chunk.length;
      remember(at, chunk);
      if (at.fed > limits.maxTotalBytes) {
        throw new ToolError(`${archiveName}: unpacks to more than ${mib(limits.maxTotalBytes)}; refusing it (a gzip bomb, or far larger than a dataset archive)`);
      }
      if (!extract.write(chunk)) await drained(extract);
    }
    extract.end(null); // null: no last chunk (streamx declares the argument required)
  } catch (error) {
    extract.destroy(error as Error);
  }
}

/**
 * tar-stream's failures as one line naming the archive and a byte offset: the entry being
 * read, or the header after the last entry (for an entry behind a pax or long-name
 * record, the offset of that record).
 */
function tarError(error: unknown, archiveName: string, at: Position): ToolError {
  if (error instanceof ToolError) return error;
  const message = describeError(error);
  if (message === 'Unexpected end of data') {
    const inside = at.current
      ? `entry "${at.current.name}" at byte ${at.current.dataStart}`
      : at.last && at.fed < at.nextHeader
        ? `entry "${at.last.name}" at byte ${at.last.end}`
        : `a header at byte ${at.nextHeader}`;
    return new ToolError(`${archiveName}: archive is truncated (ends inside ${inside})`);
  }
  if (message.startsWith('Invalid tar header. Maybe the tar is corrupted')) {
    return new ToolError(`${archiveName}: not a tar archive, or corrupt (bad header checksum at byte ${at.nextHeader})`);
  }
  if (message.startsWith('Invalid tar header: pax path contains a null byte')) {
    const name = refusedPaxPath(at);
    if (name !== null) return new ToolError(`${archiveName}: entry "${name}" has a NUL byte in its name; refusing to use this archive`);
    return new ToolError(`${archiveName}: the pax record at byte ${at.nextHeader} has a NUL byte in a path; refusing to use this archive`);
  }
  if (message === 'Invalid header') return new ToolError(`${archiveName}: corrupt tar header at byte ${at.nextHeader} (bad size field)`);
  return new ToolError(`${archiveName}: not a tar archive, or corrupt (${message}, near byte ${at.nextHeader})`);
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
  // Old v7 archives have no "ustar" magic; the checksum still guards every header. (The
  // option exists in tar-stream's code but not in its type declarations.)
  const extract = tarStream.extract({ allowUnknownFormat: true } as Parameters<typeof tarStream.extract>[0]);
  const at: Position = { fed: 0, nextHeader: 0, last: null, current: null, recent: { chunks: [], bytes: 0 } };
  const feeding = feed(source, extract, archiveName, limits, at);
  try {
    for await (const entry of extract) {
      const { header } = entry;
      const size = header.size;
      const dataStart = entry.offset + BLOCK; // entry.offset: where its (last) header starts
      if (size > limits.maxEntryBytes) {
        throw new ToolError(`${archiveName}: entry "${header.name}" at byte ${entry.offset} declares ${size} bytes, over the ${mib(limits.maxEntryBytes)} limit for one entry`);
      }
      if (header.type === 'directory' && size > 0) {
        // tar-stream would wait forever for such an entry's end; GNU tar never writes one.
        throw new ToolError(`${archiveName}: corrupt tar header at byte ${entry.offset} (directory "${header.name}" claims ${size} bytes of content)`);
      }
      at.current = { name: header.name, dataStart };
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      at.current = null;
      at.last = { name: header.name, end: dataStart + size };
      at.nextHeader = dataStart + Math.ceil(size / BLOCK) * BLOCK;
      const type = typeOf(header.type);
      const linkTarget = type === 'symlink' || type === 'hardlink' ? (header.linkname ?? '') : '';
      yield { path: header.name, type, size, linkTarget, data: entryBytes(chunks) };
    }
  } catch (error) {
    throw tarError(error, archiveName, at);
  } finally {
    extract.destroy();
    await feeding;
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
