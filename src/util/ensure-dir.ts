/**
 * Folders for outputs, made one level at a time. Node's `mkdirSync(p, { recursive: true })`
 * spins forever under /proc (ENOENT for a parent that "exists"); walking up to the first
 * existing folder and creating the rest one by one cannot loop, and every failure names
 * the folder. Callers get the folders they created, so a failed run can take them back.
 */
import { mkdirSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { ToolError } from './errors.js';
import { fsError } from './fs-errors.js';

/** ENOENT for a file or folder made in an existing folder: a virtual file system (/proc). */
const CREATE_ADVICE = { ENOENT: 'this file system does not allow new files here; choose another folder' };

function statOrNull(path: string) {
  try {
    return statSync(path, { throwIfNoEntry: false }) ?? null;
  } catch (error) {
    throw fsError(path, error, 'look at it');
  }
}

/** The nearest folder at or above `path` that exists (a file there is an error). */
export function nearestExistingFolder(path: string): string {
  let at = resolve(path);
  for (;;) {
    const stat = statOrNull(at);
    if (stat) {
      if (!stat.isDirectory()) throw new ToolError(`${at}: is a file, not a folder (needed for ${path})`);
      return at;
    }
    const parent = dirname(at);
    if (parent === at) return at;
    at = parent;
  }
}

/** Makes `dir` and any missing parents; returns the folders it created, outermost first. */
export function ensureDir(dir: string): string[] {
  const full = resolve(dir);
  const existing = nearestExistingFolder(full);
  const missing: string[] = [];
  for (let at = full; at !== existing; at = dirname(at)) missing.unshift(at);
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && statOrNull(folder)?.isDirectory()) continue;
      throw fsError(folder, error, 'create this folder', CREATE_ADVICE);
    }
  }
  return missing;
}

/**
 * Proves that files can be created in `dir` (or, if it does not exist yet, in the
 * folder it would be made in) by writing and removing a probe: a read-only disk is
 * found before minutes of training, not at the first checkpoint.
 */
export function probeWritable(dir: string, what: string): void {
  const folder = nearestExistingFolder(dir);
  const probe = join(folder, `.write-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    writeFileSync(probe, 'probe', { flag: 'wx' });
  } catch (error) {
    throw fsError(folder, error, `write ${what} here`, CREATE_ADVICE);
  }
  rmSync(probe, { force: true });
}

/** Removes the folders in `created` (innermost first) that are still empty. */
export function removeEmptyFolders(created: readonly string[]): void {
  for (const folder of [...created].reverse()) {
    try {
      rmdirSync(folder);
    } catch {
      // Not empty (something worth keeping is inside) or already gone.
    }
  }
}
