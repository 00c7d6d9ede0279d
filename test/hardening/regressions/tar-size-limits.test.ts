/**
 * Regression (issue #11): nothing bounded what a tar.gz could unpack to. A gzip bomb was
 * gunzipped into memory entry by entry, and a header claiming gigabytes buffered the
 * whole rest of the archive before "truncated". Both now stop at a size limit.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_TAR_LIMITS, readTarFile } from '../../../src/util/archive/tar-reader.js';
import { writeSizeField } from '../fuzz/formats/tar-blocks.js';
import { makeTar } from '../../helpers/make-tar.js';

const work = mkdtempSync(join(tmpdir(), 'lenet-tar-limits-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Reads every entry; resolves with how many there were. */
async function drain(path: string, limits = DEFAULT_TAR_LIMITS): Promise<number> {
  const paths: string[] = [];
  for await (const entry of readTarFile(path, limits)) paths.push(entry.path);
  return paths.length;
}

describe('tar size limits', () => {
  it('a gzip bomb stops at the total limit', async () => {
    // 48 MiB of zeros in eight entries: about 50 KB gzipped.
    const zeros = new Uint8Array(6 * 2 ** 20);
    const bomb = join(work, 'bomb.tar.gz');
    writeFileSync(bomb, gzipSync(makeTar(Array.from({ length: 8 }, (_, i) => ({ path: `z/${i}.bin`, data: zeros })))));
    await expect(drain(bomb, { maxEntryBytes: 2 ** 30, maxTotalBytes: 16 * 2 ** 20 })).rejects.toThrow(
      `${bomb}: unpacks to more than 16 MiB; refusing it (a gzip bomb, or far larger than a dataset archive)`,
    );
    expect(await drain(bomb, { maxEntryBytes: 2 ** 30, maxTotalBytes: 64 * 2 ** 20 })).toBe(8);
  });

  it('an entry declaring more than the per-entry limit is refused at its header, with the default limits', async () => {
    const tar = new Uint8Array(makeTar([{ path: 'ok.bin', data: 'fine' }, { path: 'huge.bin', data: 'tiny' }]));
    writeSizeField(tar, 1024, 300 * 2 ** 20);
    const path = join(work, 'lying.tar');
    writeFileSync(path, tar);
    await expect(drain(path)).rejects.toThrow(`${path}: entry "huge.bin" at byte 1024 declares 314572800 bytes, over the 256 MiB limit for one entry`);
  });
});
