/**
 * Archives never write outside their destination: absolute names, `..`, backslashes and
 * drive letters, in every place tar keeps a name (ustar name and prefix, GNU long-name
 * records, pax `path`), and symlinks or hard links (ustar or pax `linkpath`) — each is
 * refused with one line naming the archive and the entry, both when the archive is read
 * into memory (treeFromArchive) and when extracted (extractTar), and nothing is written.
 * (test/util/archive/tar-extract.test.ts covers the plain ustar cases; the fuzz tar target
 * checks the same invariant on thousands of mutated archives.)
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { treeFromArchive } from '../../src/util/archive/file-tree.js';
import { extractTar } from '../../src/util/archive/tar-extract.js';
import { ToolError } from '../../src/util/errors.js';
import { makeTar, type TarItem } from '../helpers/make-tar.js';
import { fixChecksum, tarHeaders, writeTextField } from './fuzz/formats/tar-blocks.js';

const work = mkdtempSync(join(tmpdir(), 'lenet-escape-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
/** Outside every destination below; no archive may create it. */
const outside = join(work, 'escaped.txt');

function paxRecords(records: Record<string, string>): string {
  return Object.entries(records)
    .map(([key, value]) => {
      const body = ` ${key}=${value}\n`;
      let length = body.length + 1;
      while (`${length}${body}`.length !== length) length = `${length}${body}`.length;
      return `${length}${body}`;
    })
    .join('');
}

/** `item` preceded by a pax extended header carrying `records`. */
function withPax(records: Record<string, string>, item: TarItem): Uint8Array {
  const tar = new Uint8Array(makeTar([{ path: 'PaxHeaders/entry', data: paxRecords(records) }, item]));
  tar[156] = 'x'.charCodeAt(0);
  fixChecksum(tar, 0);
  return tar;
}

/** `item` whose ustar prefix field is set to `prefix`. */
function withPrefix(prefix: string, item: TarItem): Uint8Array {
  const tar = new Uint8Array(makeTar([item]));
  const at = tarHeaders(tar)[0]!.at;
  writeTextField(tar, at, 345, 155, prefix);
  return tar;
}

const plain = (items: TarItem[]) => new Uint8Array(makeTar(items));
const deepEscape = `${'a/'.repeat(60)}${'../'.repeat(62)}escaped.txt`; // > 100 characters: a GNU long-name record

const HOSTILE: [string, Uint8Array, RegExp][] = [
  ['pax path with ..', withPax({ path: '../escaped.txt' }, { path: 'innocent.txt', data: 'x' }), /entry "\.\.\/escaped\.txt" climbs out with "\.\."/],
  ['pax path absolute', withPax({ path: outside }, { path: 'innocent.txt', data: 'x' }), /has an absolute path/],
  ['GNU long name climbing out', plain([{ path: deepEscape, data: 'x' }]), /climbs out with "\.\."/],
  ['ustar prefix ..', withPrefix('..', { path: 'escaped.txt', data: 'x' }), /entry "\.\.\/escaped\.txt" climbs out/],
  ['ustar prefix absolute', withPrefix(work, { path: 'escaped.txt', data: 'x' }), /has an absolute path/],
  ['backslashes', plain([{ path: '..\\..\\escaped.txt', data: 'x' }]), /climbs out with "\.\."/],
  ['a drive letter', plain([{ path: 'C:\\escaped.txt', data: 'x' }]), /has an absolute path/],
  ['a drive-relative name', plain([{ path: 'C:escaped.txt', data: 'x' }]), /has an absolute path/],
  ['a directory entry named ..', plain([{ path: '../', type: 'dir' }]), /climbs out with "\.\."/],
  ['a symlink to .. then a file through it', plain([{ path: 'up', type: 'symlink', link: '..' }, { path: 'up/escaped.txt', data: 'x' }]), /entry "up" is a link/],
  ['a pax linkpath to an absolute file', withPax({ linkpath: '/etc/passwd' }, { path: 'passwd', type: 'symlink', link: 'harmless' }), /is a link \(to "\/etc\/passwd"\)/],
  ['a hard link to an absolute file', plain([{ path: 'hard', type: 'hardlink', link: outside }]), /entry "hard" is a link/],
  // Regression: a NUL in a pax path reached the file system as a bare TypeError.
  ['a NUL byte in a pax path', withPax({ path: 'evil\0name.txt' }, { path: 'innocent.txt', data: 'x' }), /entry "evil\\u0000name\.txt" has a NUL byte in its name/],
];

describe('hostile archive entries never escape the destination', () => {
  for (const [what, tar, refusal] of HOSTILE) {
    it(what, async () => {
      const dir = mkdtempSync(join(work, 'case-'));
      const archive = join(dir, 'hostile.tar');
      writeFileSync(archive, tar);
      await expect(treeFromArchive(archive)).rejects.toThrow(refusal);
      const dest = join(dir, 'out', 'dest');
      const error = await extractTar(archive, dest, (segments) => segments).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ToolError);
      expect((error as ToolError).message).toMatch(refusal);
      expect((error as ToolError).message.startsWith(`${archive}: entry `)).toBe(true);
      expect(readdirSync(dir).sort()).toEqual(['hostile.tar', 'out']);
      expect(readdirSync(join(dir, 'out'))).toEqual([]);
      expect(existsSync(outside)).toBe(false);
    });
  }
});
