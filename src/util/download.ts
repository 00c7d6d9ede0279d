/**
 * A download that survives a flaky connection and never hands over a bad file: bytes go
 * to `<dest>.partial` (resumed with an HTTP Range request after a break, even in a later
 * run), the finished file is checked against its md5, and only then renamed to `dest`.
 * A file that fails the check is moved to `<dest>.quarantined` and never used.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ToolError } from './errors.js';
import { ensureDir } from './ensure-dir.js';

export interface DownloadSpec {
  url: string;
  dest: string;
  md5: string;
  /** Expected size in bytes, when known: a mismatch is caught before hashing. */
  size?: number;
}

export interface DownloadOptions {
  /** How many times a broken or failed transfer is resumed before giving up. */
  retries?: number;
  /** Wait before the first retry; doubles each time. */
  retryDelayMs?: number;
  /** A connection silent for this long counts as broken. */
  idleTimeoutMs?: number;
  onProgress?: (received: number, total: number | null) => void;
  log?: (line: string) => void;
}

/** Raised for answers no retry will fix (404, 403, …). */
class FatalHttpError extends ToolError {}

export function partialPathFor(dest: string): string {
  return `${dest}.partial`;
}

export function quarantinePathFor(dest: string): string {
  return `${dest}.quarantined`;
}

function sizeOf(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

export async function md5OfFile(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** One request: appends what arrives to the partial file; returns the expected total if told. */
async function fetchInto(spec: DownloadSpec, partial: string, options: DownloadOptions): Promise<number | null> {
  const have = sizeOf(partial);
  const controller = new AbortController();
  const idleMs = options.idleTimeoutMs ?? 30_000;
  let idle = setTimeout(() => controller.abort(new Error(`no data for ${idleMs} ms`)), idleMs);
  const touch = (): void => {
    clearTimeout(idle);
    idle = setTimeout(() => controller.abort(new Error(`no data for ${idleMs} ms`)), idleMs);
  };
  try {
    const headers: Record<string, string> = have > 0 ? { Range: `bytes=${have}-` } : {};
    const response = await fetch(spec.url, { headers, signal: controller.signal, redirect: 'follow' });
    if (response.status === 416 && have > 0) {
      // Nothing left to send: either complete (the checksum will tell) or junk; start over if junk.
      if (spec.size === undefined || have === spec.size) return have;
      rmSync(partial, { force: true });
      throw new Error(`server refused to resume at byte ${have}`);
    }
    if (response.status >= 400) {
      const message = `GET ${spec.url}: HTTP ${response.status} ${response.statusText}`;
      if (response.status >= 500 || response.status === 408 || response.status === 429) throw new Error(message);
      throw new FatalHttpError(message);
    }
    let start = 0;
    if (response.status === 206) {
      const range = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(response.headers.get('content-range') ?? '');
      start = range ? Number(range[1]) : -1;
      if (start !== have) throw new Error(`server resumed at byte ${start}, expected ${have}`);
    }
    const length = Number(response.headers.get('content-length') ?? NaN);
    const total = Number.isFinite(length) ? start + length : (spec.size ?? null);
    // A 200 answer to a Range request means the server sends everything again.
    const fd = openSync(partial, start === 0 ? 'w' : 'a');
    let received = start;
    try {
      if (response.body) {
        // Node's web streams are async-iterable; the DOM typings in tsconfig do not say so.
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          touch();
          let off = 0;
          while (off < chunk.length) off += writeSync(fd, chunk, off, chunk.length - off);
          received += chunk.length;
          options.onProgress?.(received, total);
        }
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (total !== null && received < total) throw new Error(`connection closed at byte ${received} of ${total}`);
    return total;
  } finally {
    clearTimeout(idle);
  }
}

/** Downloads `spec.url` to `spec.dest`, resuming and verifying; throws a ToolError on failure. */
export async function downloadVerified(spec: DownloadSpec, options: DownloadOptions = {}): Promise<void> {
  const partial = partialPathFor(spec.dest);
  const retries = options.retries ?? 5;
  let delay = options.retryDelayMs ?? 1000;
  ensureDir(dirname(spec.dest));
  if (sizeOf(partial) > 0) options.log?.(`resuming ${partial} at byte ${sizeOf(partial)}`);

  for (let attempt = 0; ; attempt++) {
    try {
      await fetchInto(spec, partial, options);
      break;
    } catch (err) {
      if (err instanceof FatalHttpError) throw err;
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
      const reason = cause instanceof Error ? cause.message : String(cause);
      // A host name that does not resolve (offline, no DNS) will not by retrying: say so at once.
      const code = (cause as NodeJS.ErrnoException).code;
      if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') throw new ToolError(`GET ${spec.url}: ${reason} (no network?)`);
      if (attempt >= retries) {
        const kept = sizeOf(partial);
        if (kept === 0) rmSync(partial, { force: true });
        throw new ToolError(
          `GET ${spec.url}: failed after ${retries + 1} attempts (${reason})${kept > 0 ? `; ${kept} bytes kept in ${partial}, run again to resume` : ''}`,
        );
      }
      options.log?.(`download interrupted at byte ${sizeOf(partial)} (${reason}); retrying in ${delay} ms`);
      await sleep(delay);
      delay *= 2;
    }
  }

  const size = sizeOf(partial);
  const md5 = await md5OfFile(partial);
  if ((spec.size !== undefined && size !== spec.size) || md5 !== spec.md5) {
    const quarantine = quarantinePathFor(spec.dest);
    renameSync(partial, quarantine);
    throw new ToolError(
      `GET ${spec.url}: downloaded file fails its check (md5 ${md5}, ${size} bytes; expected md5 ${spec.md5}${spec.size !== undefined ? `, ${spec.size} bytes` : ''}); moved to ${quarantine} and not used`,
    );
  }
  renameSync(partial, spec.dest);
}
