import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readTarEntries, readTarFile, type TarEntry } from '../../../src/util/archive/tar-reader.js';
import { ToolError } from '../../../src/util/errors.js';
import { makeTar } from '../../helpers/make-tar.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();

async function entriesOf(path: string): Promise<TarEntry[]> {
  const out: TarEntry[] = [];
  for await (const entry of readTarFile(path)) out.push(entry);
  return out;
}

async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('readTarFile on archives made by GNU tar', () => {
  const longName = `${'deep/'.repeat(25)}file.txt`; // 133 characters: needs a long-name record

  function makeSourceTree(): string {
    const src = tempDir('tar-src');
    mkdirSync(join(src, 'root', 'empty'), { recursive: true });
    mkdirSync(join(src, 'root', 'deep/'.repeat(25)), { recursive: true });
    writeFileSync(join(src, 'root', 'a.txt'), 'alpha');
    writeFileSync(join(src, 'root', longName), 'long');
    writeFileSync(join(src, 'root', 'big.bin'), Buffer.alloc(70_000, 7));
    symlinkSync('a.txt', join(src, 'root', 'link'));
    return src;
  }

  for (const format of ['gnu', 'pax', 'ustar'] as const) {
    it(`reads names, kinds, links and bytes (${format} format, gzipped)`, async () => {
      const src = makeSourceTree();
      const archive = join(tempDir('tar-out'), 'a.tar.gz');
      // ustar cannot hold the 133-character name in one piece; it splits it into prefix + name.
      execFileSync('tar', [`--format=${format}`, '-czf', archive, '-C', src, 'root']);
      const entries = await entriesOf(archive);
      const byPath = new Map(entries.map((e) => [e.path.replace(/\/$/, ''), e]));
      expect(byPath.get('root/a.txt')?.data.toString()).toBe('alpha');
      expect(byPath.get('root/a.txt')?.type).toBe('file');
      expect(byPath.get(`root/${longName}`)?.data.toString()).toBe('long');
      expect(byPath.get('root/big.bin')?.data.equals(Buffer.alloc(70_000, 7))).toBe(true);
      expect(byPath.get('root/empty')?.type).toBe('directory');
      expect(byPath.get('root/link')).toMatchObject({ type: 'symlink', linkTarget: 'a.txt', size: 0 });
    });
  }
});

describe('readTarFile on an old v7 archive (no "ustar" magic)', () => {
  it('reads it, as GNU tar does', async () => {
    const src = tempDir('tar-src');
    writeFileSync(join(src, 'a.txt'), 'alpha');
    const archive = join(tempDir('tar-out'), 'v7.tar');
    execFileSync('tar', ['--format=v7', '-cf', archive, '-C', src, 'a.txt']);
    expect((await entriesOf(archive)).map((e) => [e.path, e.type, e.data.toString()])).toEqual([['a.txt', 'file', 'alpha']]);
  });
});

describe('readTarEntries', () => {
  it('gives the same entries whatever the chunking of the stream', async () => {
    const tar = makeTar([
      { path: 'x/one.bin', data: Buffer.alloc(513, 1) },
      { path: 'x/two.bin', data: Buffer.alloc(3, 2) },
    ]);
    for (const size of [1, 7, 512, 100_000]) {
      const got: string[] = [];
      for await (const e of readTarEntries(chunksOf(tar, size), 'mem.tar')) got.push(`${e.path}:${e.data.length}:${e.data[0]}`);
      expect(got).toEqual(['x/one.bin:513:1', 'x/two.bin:3:2']);
    }
  });

  it('names the archive when it ends inside an entry', async () => {
    const tar = makeTar([{ path: 'a.bin', data: Buffer.alloc(2000, 1) }]);
    const cut = tar.subarray(0, 1200);
    const read = async () => {
      for await (const e of readTarEntries(chunksOf(cut, 300), 'cut.tar')) void e;
    };
    await expect(read()).rejects.toThrow(/^cut\.tar: archive is truncated \(ends inside entry "a\.bin"/);
  });

  it('rejects a file that is not a tar archive', async () => {
    const read = async () => {
      for await (const e of readTarEntries(chunksOf(Buffer.alloc(1024, 65), 512), 'notes.txt')) void e;
    };
    await expect(read()).rejects.toThrow(new ToolError('notes.txt: not a tar archive, or corrupt (bad header checksum at byte 0)'));
  });

  it('names an archive that cannot be opened', async () => {
    const path = join(tempDir(), 'missing.tar.gz');
    await expect(entriesOf(path)).rejects.toThrow(new ToolError(`${path}: cannot open archive (ENOENT)`));
  });

  it('reports a damaged gzip stream as a one-line error naming the file', async () => {
    const gz = gzipSync(makeTar([{ path: 'a.bin', data: Buffer.alloc(100_000, 3) }]));
    const path = join(tempDir(), 'broken.tar.gz');
    writeFileSync(path, gz.subarray(0, gz.length - 40));
    await expect(entriesOf(path)).rejects.toThrow(/broken\.tar\.gz: (cannot read archive|archive is truncated)/);
  });
});
