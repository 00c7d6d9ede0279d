import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeStaleTempFiles, writeFileAtomic } from '../../src/util/atomic-file.js';

const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('writes the whole file under its final name and leaves no temp file', () => {
    const path = join(dir, 'a', 'model.onnx');
    writeFileAtomic(path, Buffer.from('hello '), Buffer.from('world'));
    expect(readFileSync(path, 'utf8')).toBe('hello world');
    writeFileAtomic(path, Buffer.from('v2'));
    expect(readFileSync(path, 'utf8')).toBe('v2');
  });

  it('removes old leftovers of dead writers, and only those', () => {
    const path = join(dir, 'cache.bin');
    const hourAgo = (Date.now() - 2 * 3600_000) / 1000;
    const deadPid = 2 ** 22 + 12345; // above Linux's pid_max default: never a live process
    const stale = join(dir, `.cache.bin.${deadPid}-0123abcd.tmp`);
    const fresh = join(dir, `.cache.bin.${deadPid}-89abcdef.tmp`);
    const live = join(dir, `.cache.bin.1-00000000.tmp`); // pid 1 is alive
    const other = join(dir, `.other.bin.${deadPid}-0123abcd.tmp`);
    for (const f of [stale, fresh, live, other]) writeFileSync(f, 'x');
    for (const f of [stale, live, other]) utimesSync(f, hourAgo, hourAgo);
    expect(removeStaleTempFiles(path)).toEqual([stale]);
    writeFileAtomic(path, Buffer.from('data'));
    expect([stale, fresh, live, other].map(existsSync)).toEqual([false, true, true, true]);
  });
});
