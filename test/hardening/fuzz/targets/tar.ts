/**
 * tar and tar.gz: archives from our test writer and from GNU tar (gnu, pax and ustar
 * formats; long names; real CIFAR JPEG members), read the two ways the tool does:
 * whole into memory (treeFromArchive) and extracted to a folder (extractTar). After
 * every case, nothing may exist outside the destination and no link anywhere.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { treeFromArchive } from '../../../../src/util/archive/file-tree.js';
import { extractTar } from '../../../../src/util/archive/tar-extract.js';
import { makeTar } from '../../../helpers/make-tar.js';
import { GENERIC_MUTATORS } from '../generic-mutators.js';
import { firstCifarJpegs, type NamedBytes } from '../real-jpegs.js';
import type { FuzzTarget } from '../target.js';
import { attempt, broken, combine } from '../verdict.js';
import { hostileEntry, insideGzip, paxLengthLie, sizeLie } from './tar-mutators.js';

const CASE_NAME = 'fuzz-case';
const LONG_NAME = `cifar/${'long-folder-name/'.repeat(8)}deep.bin`;
let scratchDir = '';

function systemTar(format: 'gnu' | 'pax' | 'ustar', root: string): Uint8Array {
  const args = [`--format=${format}`, '--sort=name', '--mtime=2020-01-01 00:00Z', '--owner=0', '--group=0', '--numeric-owner', '-cf', '-', '-C', root, 'cifar'];
  return new Uint8Array(execFileSync('tar', args, { maxBuffer: 64 << 20 }));
}

function writeTree(root: string, jpegs: NamedBytes[]): void {
  for (const [i, jpeg] of jpegs.entries()) {
    mkdirSync(join(root, 'cifar', 'train', `class${i % 2}`), { recursive: true });
    writeFileSync(join(root, 'cifar', 'train', `class${i % 2}`, `${i}.jpg`), jpeg.bytes);
  }
  mkdirSync(join(root, LONG_NAME, '..'), { recursive: true });
  writeFileSync(join(root, LONG_NAME), Buffer.alloc(700, 7));
}

/** Anything under `scratch` other than the archive and the destination's tree, or any link, is an escape. */
function escapes(scratch: string, archive: string, dest: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const item of readdirSync(dir)) {
      const path = join(dir, item);
      const stat = lstatSync(path);
      const inDest = path === dest || path.startsWith(`${dest}/`);
      const allowed = path === archive || path === join(scratch, 'out') || inDest;
      if (!allowed || stat.isSymbolicLink()) found.push(relative(scratch, path) + (stat.isSymbolicLink() ? ' (a link)' : ''));
      if (stat.isDirectory() && !stat.isSymbolicLink()) walk(path);
    }
  };
  walk(scratch);
  return found;
}

export const tarTarget: FuzzTarget = {
  reader: 'tar',
  names: [CASE_NAME],
  mutators: [...GENERIC_MUTATORS, sizeLie, paxLengthLie, hostileEntry(() => join(scratchDir, 'escaped')), insideGzip],

  async buildCorpus({ corpus, scratch }) {
    scratchDir = scratch;
    const jpegs = await firstCifarJpegs(4);
    writeTree(corpus, jpegs);
    const ours = makeTar([
      { path: 'cifar/', type: 'dir' },
      ...jpegs.map((j, i) => ({ path: `cifar/test/class${i}/${i}.jpg`, data: j.bytes })),
      { path: LONG_NAME, data: 'long' },
      { path: 'cifar/empty.bin', data: '' },
    ]);
    return [
      { name: 'ours.tar', bytes: new Uint8Array(ours) },
      { name: 'ours.tar.gz', bytes: new Uint8Array(gzipSync(ours)) },
      { name: 'gnu.tar.gz', bytes: new Uint8Array(gzipSync(systemTar('gnu', corpus))) },
      { name: 'pax.tar', bytes: systemTar('pax', corpus) },
      { name: 'ustar.tar.gz', bytes: new Uint8Array(gzipSync(systemTar('ustar', corpus))) },
    ];
  },

  async read(bytes, seed, scratch) {
    const archive = join(scratch, `${CASE_NAME}.${seed.name.endsWith('.gz') ? 'tar.gz' : 'tar'}`);
    writeFileSync(archive, bytes);
    const dest = join(scratch, 'out', 'dest');
    const names = [archive];
    const inMemory = await attempt(names, () => treeFromArchive(archive));
    const extracted = await attempt(names, () => extractTar(archive, dest, (segments) => segments));
    const escaped = escapes(scratch, archive, dest);
    return combine(inMemory, extracted, escaped.length ? broken(`wrote outside the destination: ${escaped.join(', ')}`) : inMemory);
  },
};
