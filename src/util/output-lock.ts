/**
 * One writer per output: an exclusive lock file `<output>.lock` beside it, created with
 * O_EXCL so exactly one of two racing runs gets it. It holds the owner's pid and host;
 * a lock whose process is gone (kill -9, a power cut) is stale and taken over, a live
 * one makes the second run stop with one line naming the first. Released on exit.
 */
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { ToolError } from './errors.js';
import { fsError } from './fs-errors.js';
import { processAlive } from './process-alive.js';

interface LockOwner {
  pid: number;
  host: string;
  started: string;
}

export interface OutputLock {
  path: string;
  release(): void;
}

/** A lock file still empty after this long was left by a writer that died creating it. */
const EMPTY_LOCK_GRACE_MS = 10_000;

function readOwner(path: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof owner.pid === 'number' && typeof owner.host === 'string') return { pid: owner.pid, host: owner.host, started: String(owner.started ?? '') };
  } catch {
    // Empty or torn: judged by age below.
  }
  return null;
}

/** True when the lock at `path` belongs to nobody alive. */
function isStale(path: string, owner: LockOwner | null): boolean {
  if (owner === null) {
    const stat = statSync(path, { throwIfNoEntry: false });
    return stat === undefined || Date.now() - stat.mtimeMs > EMPTY_LOCK_GRACE_MS;
  }
  // A lock from another host sharing the folder cannot be probed from here: respect it.
  return owner.host === hostname() && !processAlive(owner.pid);
}

function tryCreate(path: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw fsError(path, error, 'create the lock file');
  }
  try {
    writeSync(fd, JSON.stringify(owner));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Takes the lock for `target` or throws one line naming the process that holds it. */
export function lockOutput(target: string): OutputLock {
  const path = `${target}.lock`;
  const mine: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(path, mine)) break;
    const owner = readOwner(path);
    if (owner?.pid === process.pid && owner.host === mine.host) throw new ToolError(`${target}: already locked by this process`);
    if (attempt < 3 && isStale(path, owner)) {
      rmSync(path, { force: true });
      continue;
    }
    const who = owner ? `process ${owner.pid}${owner.host === mine.host ? '' : ` on ${owner.host}`}${owner.started ? ` (started ${owner.started})` : ''}` : 'another process';
    throw new ToolError(`${target}: ${who} is writing this output; wait for it to finish or choose another output (lock file ${path})`);
  }
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    // Only our own lock: never remove one a later run took over.
    const owner = readOwner(path);
    if (owner?.pid === mine.pid && owner.host === mine.host) rmSync(path, { force: true });
  };
  process.on('exit', release);
  return { path, release };
}
