/**
 * Crash-safe file writes: data goes to a temporary sibling, is fsynced, then renamed
 * over the final name. A reader never sees a half-written file under the final name,
 * and a crash leaves the previous version intact (plus, at worst, a stray temp file,
 * which the next write of the same file removes once its writer is gone).
 */
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ensureDir } from './ensure-dir.js';
import { fsError } from './fs-errors.js';
import { processAlive } from './process-alive.js';

/** The temporary name used for `finalPath` while it is being written. */
export function tempPathFor(finalPath: string): string {
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  return join(dirname(finalPath), `.${basename(finalPath)}.${tag}.tmp`);
}

/** Temp files older than this, of a writer no longer running, are leftovers of a crash. */
const STALE_MS = 60 * 60 * 1000;

/**
 * Removes leftovers of earlier crashed writes of `finalPath` (a decoded cache's is
 * ~180 MB). Only old files of dead local processes: a live writer on this machine, or
 * one on another host sharing the folder within the hour, is left alone.
 */
export function removeStaleTempFiles(finalPath: string, now = Date.now(), minAgeMs = STALE_MS): string[] {
  const dir = dirname(finalPath);
  const prefix = `.${basename(finalPath)}.`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = name.startsWith(prefix) ? /^(\d+)-[0-9a-f]{8}\.tmp$/.exec(name.slice(prefix.length)) : null;
    if (!m || Number(m[1]) === process.pid) continue;
    const path = join(dir, name);
    try {
      if (now - statSync(path).mtimeMs > minAgeMs && !processAlive(Number(m[1]))) {
        rmSync(path, { force: true });
        removed.push(path);
      }
    } catch {
      // Raced with another cleaner, or unreadable: not ours to worry about.
    }
  }
  return removed;
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some filesystems refuse fsync on directories; the rename itself is still atomic.
  }
}

const TEMP_NAME = /^\.(.+)\.(\d+)-[0-9a-f]{8}\.tmp$/;

/**
 * Removes every temp file in `dir` left by a writer that is no longer running, of any
 * age. Only for a caller that holds the lock on everything written there
 * (output-lock.ts): then no live writer elsewhere can own them either.
 */
export function removeDeadWritersTempFiles(dir: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m || Number(m[2]) === process.pid || processAlive(Number(m[2]))) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(join(dir, name));
  }
  return removed;
}

/**
 * Write `chunks` to `finalPath` atomically (temp file, fsync, rename, fsync dir).
 * Failures are one line naming `finalPath` (never the temp file), and leave no temp file.
 */
export function writeFileAtomic(finalPath: string, ...chunks: Uint8Array[]): void {
  ensureDir(dirname(finalPath));
  removeStaleTempFiles(finalPath);
  const tmp = tempPathFor(finalPath);
  let fd: number;
  try {
    fd = openSync(tmp, 'w', 0o644);
  } catch (err) {
    throw fsError(finalPath, err, 'write this file');
  }
  try {
    for (const chunk of chunks) {
      let off = 0;
      while (off < chunk.length) off += writeSync(fd, chunk, off, chunk.length - off);
    }
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw fsError(finalPath, err, 'write this file');
  }
  closeSync(fd);
  try {
    renameSync(tmp, finalPath);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw fsError(finalPath, err, 'write this file');
  }
  fsyncDir(dirname(finalPath));
}
