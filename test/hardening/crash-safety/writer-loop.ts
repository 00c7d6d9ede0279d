/**
 * Child process for the kill -9 tests: rewrites files with the tool's own writers,
 * version after version, and prints `wrote <kind> <v>` after each completed write.
 *
 *   node --import tsx writer-loop.ts <dir> <kind,kind,...> [<op> <n> [half]]
 *
 * With `<op> <n>` (e.g. `renameSync 1`) it kills itself with SIGKILL just before the
 * n-th call of that fs function during the second write: a crash at an exact point of
 * the temp-file / fsync / rename sequence (`writeSync <n> half` first writes half of that
 * chunk: a torn write). Without, it writes until the parent kills it.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { FILE_KINDS, VERSIONED_FILES, type FileKind } from './versioned-files.js';

export const KILLABLE_OPS = ['openSync', 'writeSync', 'fsyncSync', 'closeSync', 'renameSync'] as const;
export type KillableOp = (typeof KILLABLE_OPS)[number];

const [dir, kindList, op, nth, half] = process.argv.slice(2);
const kinds = (kindList ?? '').split(',') as FileKind[];
if (!dir || !kinds.every((k) => FILE_KINDS.includes(k))) throw new Error('usage: writer-loop.ts <dir> <kinds> [<op> <n>]');

let armed = false;
if (op) {
  // Every importer of node:fs (atomic-file.ts too) sees the patched function after syncBuiltinESMExports.
  const target = op as KillableOp;
  const original = fs[target] as (...args: unknown[]) => unknown;
  let calls = 0;
  (fs as unknown as Record<string, unknown>)[target] = (...args: unknown[]) => {
    if (armed && ++calls === Number(nth)) {
      if (half) {
        const [fd, buffer, offset, length] = args as [number, Uint8Array, number, number];
        original(fd, buffer, offset, Math.floor(length / 2));
      }
      process.kill(process.pid, 'SIGKILL');
    }
    return original(...args);
  };
  syncBuiltinESMExports();
}

for (let v = 1; ; v++) {
  for (const kind of kinds) {
    armed = op !== undefined && v === 2;
    VERSIONED_FILES[kind].write(join(dir, VERSIONED_FILES[kind].fileName), v);
    armed = false;
    process.stdout.write(`wrote ${kind} ${v}\n`);
  }
  if (op && v >= 2) throw new Error(`writer-loop: ${op} was not called ${nth} times during a write`);
}
