import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listImageFiles } from '../../src/image/list-image-files.js';
import { ToolError } from '../../src/util/errors.js';

let dir: string;
const at = (...parts: string[]) => join(dir, ...parts);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preprocess-list-'));
  await mkdir(at('cats', 'deep'), { recursive: true });
  await mkdir(at('.hidden'));
  for (const file of [
    'b.JPG', 'a.png', 'notes.txt', 'c.webp', '._a.png',
    'cats/z.gif', 'cats/y.TIFF', 'cats/deep/x.avif', 'cats/deep/w.bmp', 'cats/deep/v.jpeg', 'cats/deep/u.tif',
    '.hidden/secret.png',
  ]) {
    await writeFile(at(file), '');
  }
  await symlink(at('cats'), at('link-to-cats')); // a directory link: not followed
  await symlink(at('a.png'), at('link.png')); // a file link: kept
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('listImageFiles', () => {
  it('searches directories recursively by image extension, sorted, skipping hidden entries', async () => {
    expect(await listImageFiles([dir])).toEqual(
      ['a.png', 'b.JPG', 'c.webp', 'cats/deep/u.tif', 'cats/deep/v.jpeg', 'cats/deep/w.bmp', 'cats/deep/x.avif', 'cats/y.TIFF', 'cats/z.gif', 'link.png'].map(
        (f) => at(f),
      ),
    );
  });

  it('keeps files named explicitly whatever their extension, and removes duplicates', async () => {
    expect(await listImageFiles([at('notes.txt'), at('cats'), at('cats', 'z.gif')])).toEqual(
      [at('cats/deep/u.tif'), at('cats/deep/v.jpeg'), at('cats/deep/w.bmp'), at('cats/deep/x.avif'), at('cats/y.TIFF'), at('cats/z.gif'), at('notes.txt')],
    );
  });

  it('names a missing path in a ToolError', async () => {
    const missing = at('nope', 'x.jpg');
    await expect(listImageFiles([at('a.png'), missing])).rejects.toThrow(new ToolError(`${missing}: no such file or directory`));
  });
});
