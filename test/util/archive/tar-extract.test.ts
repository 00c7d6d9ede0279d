import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractTar } from '../../../src/util/archive/tar-extract.js';
import { makeTarGz, type TarItem } from '../../helpers/make-tar.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();
const keepAll = (segments: string[]) => segments;

function archiveOf(items: TarItem[]): { archive: string; work: string } {
  const work = tempDir('extract');
  const archive = join(work, 'in.tar.gz');
  writeFileSync(archive, makeTarGz(items));
  return { archive, work };
}

describe('extractTar', () => {
  it('extracts the selected files under the destination', async () => {
    const { archive, work } = archiveOf([
      { path: 'pkg/', type: 'dir' },
      { path: 'pkg/keep.bin', data: 'kept' },
      { path: 'pkg/sub/also.bin', data: 'also' },
      { path: 'other/skip.bin', data: 'skipped' },
    ]);
    const dest = join(work, 'out');
    const count = await extractTar(archive, dest, (s) => (s[0] === 'pkg' ? s.slice(1) : null));
    expect(count).toBe(2);
    expect(readFileSync(join(dest, 'keep.bin'), 'utf8')).toBe('kept');
    expect(readFileSync(join(dest, 'sub', 'also.bin'), 'utf8')).toBe('also');
    expect(existsSync(join(dest, 'skip.bin'))).toBe(false);
    expect(readdirSync(work).sort()).toEqual(['in.tar.gz', 'out']); // no staging folder left
  });

  const hostile: [string, TarItem, RegExp][] = [
    ['an absolute path', { path: '/tmp/lenet-evil.txt', data: 'x' }, /entry "\/tmp\/lenet-evil\.txt" has an absolute path/],
    ['a ".." path', { path: 'pkg/../../evil.txt', data: 'x' }, /entry "pkg\/\.\.\/\.\.\/evil\.txt" climbs out with "\.\."/],
    ['a symlink', { path: 'pkg/link', type: 'symlink', link: '/etc/passwd' }, /entry "pkg\/link" is a link \(to "\/etc\/passwd"\)/],
    ['a hard link', { path: 'pkg/hard', type: 'hardlink', link: '../../x' }, /entry "pkg\/hard" is a link/],
  ];
  for (const [what, item, message] of hostile) {
    it(`refuses an archive with ${what}, writing nothing`, async () => {
      const { archive, work } = archiveOf([{ path: 'pkg/fine.bin', data: 'ok' }, item, { path: 'pkg/after.bin', data: 'ok' }]);
      const dest = join(work, 'nested', 'out');
      await expect(extractTar(archive, dest, keepAll)).rejects.toThrow(message);
      expect(existsSync(dest)).toBe(false);
      expect(readdirSync(join(work, 'nested'))).toEqual([]); // the staging folder is gone too
      expect(existsSync(join(work, 'evil.txt'))).toBe(false);
      expect(existsSync('/tmp/lenet-evil.txt')).toBe(false);
    });
  }

  it('refuses to extract over an existing folder', async () => {
    const { archive, work } = archiveOf([{ path: 'a.bin', data: 'x' }]);
    await expect(extractTar(archive, work, keepAll)).rejects.toThrow(/already exists; not extracting over it/);
  });

  it('says so when none of the wanted files are there', async () => {
    const { archive, work } = archiveOf([{ path: 'a.bin', data: 'x' }]);
    await expect(extractTar(archive, join(work, 'out'), () => null)).rejects.toThrow(/none of the expected files are in this archive/);
    expect(existsSync(join(work, 'out'))).toBe(false);
  });
});
