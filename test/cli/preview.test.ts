import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/preview.js';
import { sheetGeometry } from '../../src/train/preview/contact-sheet.js';
import { imageFolderItems, writeItems } from '../train/data/helpers/synthetic-cifar.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

async function photoFolder(): Promise<string> {
  const dir = tempDir('folder');
  writeItems(dir, (await imageFolderItems(['cat', 'dog'], { train: 3, test: 2 })).items);
  return dir;
}

describe('preview', () => {
  it('writes a PNG grid of enlarged samples with their labels', async () => {
    const data = await photoFolder();
    const out = join(tempDir('out'), 'sheet.png');
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), log: () => {} };
    const code = await main(['--data', data, '--cache-dir', tempDir('cache'), '--out', out, '--count', '5', '--columns', '2', '--scale', '2', '--no-shuffle'], io);
    expect(code).toBe(0);
    expect(lines).toEqual([`wrote ${out}: 5 train images from image folder ${data} (decoded, cached)`]);

    const g = sheetGeometry(5, 2, 2);
    const { data: pixels, info } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([g.width, g.height, 3]);
    const at = (x: number, y: number) => [...pixels.subarray((y * g.width + x) * 3, (y * g.width + x) * 3 + 3)];
    // --no-shuffle: cell 4 is train image 4 = dog/0001.png, colour (20, 10, 50), marker pixel (1, 2) white.
    const { x, y } = g.cellOrigin(4);
    expect(at(x, y)).toEqual([20, 10, 50]);
    expect(at(x + 2 * 1 + 1, y + 2 * 2 + 1)).toEqual([255, 255, 255]); // each source pixel is a 2×2 block
    expect(at(x + 2 * 1 - 1, y + 2 * 2)).toEqual([20, 10, 50]);
    // Some dark text pixels in the label strip under the image.
    let dark = 0;
    for (let ly = y + g.cellWidth; ly < y + g.cellHeight; ly++) for (let lx = x; lx < x + g.cellWidth; lx++) if (at(lx, ly)[0]! < 128) dark++;
    expect(dark).toBeGreaterThan(10);
    expect(readdirSync(join(out, '..'))).toEqual(['sheet.png']); // no temporary file left
  });

  it('refuses bad flags in one line naming the flag, writing nothing', async () => {
    const data = await photoFolder();
    const dir = tempDir('out');
    const out = join(dir, 'sheet.png');
    const io = { out: () => {}, log: () => {} };
    const run = (...extra: string[]) => main(['--data', data, '--cache-dir', tempDir('cache'), '--out', out, ...extra], io);
    await expect(run('--out', join(dir, 'sheet.jpg'))).rejects.toThrow(/--out .*sheet\.jpg: the contact sheet is a PNG; name it \*\.png/);
    await expect(run('--count', '0')).rejects.toThrow('--count 0: expected a whole number >= 1');
    await expect(run('--count', '5000')).rejects.toThrow('--count 5000: at most 1024 images fit on one sheet');
    await expect(run('--split', 'val')).rejects.toThrow('--split val: expected "train" or "test"');
    await expect(run('--scale', '40')).rejects.toThrow('--scale 40: expected a whole number from 1 to 32');
    await expect(run('--bogus')).rejects.toThrow(/^Unknown option '--bogus' \(see cifar-preview --help\)$/);
    await expect(run('extra.png')).rejects.toThrow('unexpected argument "extra.png" (see cifar-preview --help)');
    await expect(main(['--data', join(dir, 'missing'), '--out', out], io)).rejects.toThrow(`--data ${join(dir, 'missing')}: no such file or folder`);
    expect(existsSync(out)).toBe(false);
  });
});
