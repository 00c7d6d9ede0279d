/**
 * Issue 18, items 5, 6, 7, 8 and 10, outside training: allocations sized by a flag are
 * refused up front naming the flag and the limit; an image's decoding cost is budgeted
 * in bytes and SVG (even named .jpg) is refused as Pillow would; output folders under
 * /proc or onto a file fail in one line at once; inspect-onnx fails on its own findings.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main as inspect } from '../../src/cli/inspect.js';
import { main as predict } from '../../src/cli/predict.js';
import { main as preview } from '../../src/cli/preview.js';
import { main as verifyParity } from '../../src/cli/verify-parity.js';
import { editedModel } from './helpers/onnx-edit.js';
import { decodeImageRgb } from '../../src/image/decode.js';
import { decodeDatasetImage } from '../../src/image/decode-dataset-image.js';
import { writeFileAtomic } from '../../src/util/atomic-file.js';
import { fixturesDir, repoRoot } from '../helpers/paths.js';
import { runInProcess } from '../cli/run-command.js';
import { setPngSize } from './fuzz/formats/image-fields.js';
import { tempWork } from './helpers/small-run.js';

const work = tempWork('budgets');
afterAll(() => rmSync(work, { recursive: true, force: true }));
const MODEL = join(repoRoot, 'models', 'lenet.onnx');
const PHOTO = join(repoRoot, 'test', 'fixtures', 'pillow', 'images', 'photo-rgb.png');
const previewIo = { out: () => {}, log: () => {} };

async function oneLine(run: Promise<{ code: number; stderr: string }>, code: number, expected: RegExp, ms = 3_000): Promise<void> {
  const started = performance.now();
  const r = await run;
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr.trim()).toMatch(expected);
  expect(performance.now() - started).toBeLessThan(ms);
}

describe('allocations sized by a flag are bounded up front', () => {
  it('verify-parity --count 1000000 and 1e12 (no data) are refused at once', async () => {
    for (const count of ['1000000', '1e12']) {
      await oneLine(runInProcess(verifyParity, ['--count', count, '--runtimes', 'engine-cpu']), 2, new RegExp(`^--count ${count}: must be <= 10000$`));
    }
    await oneLine(runInProcess(verifyParity, ['--batch-size', '99999999', '--runtimes', 'engine-cpu']), 2, /^--batch-size 99999999: must be <= 10000$/);
  });

  it('cifar-preview --count 1024 --scale 32 (each within its own limit) is refused before loading data', async () => {
    await oneLine(
      runInProcess((argv) => preview(argv, previewIo), ['--count', '1024', '--scale', '32', '--data', join(work, 'no-such-data')]),
      2,
      /^--count 1024 --scale 32 --columns 8: a sheet of 8246x134150 = 1,106,200,900 pixels, over the limit of 40,000,000; lower --count or --scale$/,
    );
  });
});

describe('image decoding has a byte budget and reads only raster formats', () => {
  it('a 118-byte SVG, also named .jpg, is refused before any decoder sees it', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000"><rect width="100%" height="100%"/></svg>';
    expect(svg.length).toBeLessThan(120);
    const file = join(work, 'drawing.jpg');
    writeFileSync(file, svg);
    const started = performance.now();
    await expect(decodeImageRgb(file)).rejects.toThrow(`${file}: not a readable image (unsupported image format: an SVG vector drawing; expected JPEG, PNG, GIF, WebP, TIFF, BMP or AVIF, as Pillow reads)`);
    await expect(decodeDatasetImage(Buffer.from(svg), 'data.tar.gz:train/cat/x.jpg')).rejects.toThrow(/^data\.tar\.gz:train\/cat\/x\.jpg: not a readable image \(unsupported image format: an SVG/);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('a small PNG declaring 13000x13000 (under the pixel limit) is refused by its decoding cost, before decoding', async () => {
    const bytes = new Uint8Array(readFileSync(PHOTO));
    setPngSize(bytes, 13_000, 13_000);
    const rss = process.memoryUsage().rss;
    const started = performance.now();
    await expect(decodeImageRgb(bytes, { sourceName: 'bomb.png' })).rejects.toThrow(
      /^bomb\.png: decoding this 13000x13000 image needs about 1451 MiB, over the budget of 768 MiB \(refusing a possible decompression bomb/,
    );
    // Inside a dataset, where several decode at once, the budget is 128 MiB an image.
    setPngSize(bytes, 5_000, 5_000);
    await expect(decodeDatasetImage(bytes, 'd.tar.gz:train/cat/b.png')).rejects.toThrow(/^d\.tar\.gz:train\/cat\/b\.png: decoding this 5000x5000 image needs about 215 MiB, over the budget of 128 MiB/);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 2 ** 20);
  });
});

describe('output paths fail in one line naming the path (exit 2), never hang', () => {
  it('predict --save-preprocessed under /proc, or onto an existing file', async () => {
    await oneLine(runInProcess(predict, [MODEL, PHOTO, '--save-preprocessed', '/proc/nope']), 2, /^\/proc\/nope: cannot create this folder \(ENOENT: this file system does not allow new files here/, 10_000);
    const file = join(work, 'a-file');
    writeFileSync(file, 'x');
    await oneLine(runInProcess(predict, [MODEL, PHOTO, '--save-preprocessed', file]), 2, /a-file: is a file, not a folder/, 10_000);
  });

  it('verify-parity --save-test-data /proc/x and --report under /sys are refused before the run', async () => {
    await oneLine(runInProcess(verifyParity, ['--save-test-data', '/proc/x', '--runtimes', 'engine-cpu', '--count', '2']), 2, /^\/proc: cannot write --save-test-data here \(ENOENT/);
    await oneLine(runInProcess(verifyParity, ['--report', '/sys/kernel/r.md', '--runtimes', 'engine-cpu', '--count', '2']), 2, /^\/sys\/kernel: cannot write --report here/);
  });

  it('cifar-preview names the output, never its temp file; atomic writes name the final path', async () => {
    await oneLine(runInProcess((argv) => preview(argv, previewIo), ['--out', '/sys/kernel/p.png', '--data', join(work, 'none')]), 2, /^\/sys\/kernel: cannot write the contact sheet here/);
    expect(() => writeFileAtomic('/sys/kernel/x.bin', Buffer.from('x'))).toThrow(/^\/sys\/kernel\/x\.bin: cannot write this file \((EACCES|EPERM|EROFS)/);
  });
});

describe('inspect-onnx fails (exit 1) on what its own check finds', () => {
  const run = (path: string) => runInProcess((argv) => inspect(argv, { out: () => {}, err: (t) => process.stderr.write(`${t}\n`) }), [path]);

  it('a clean model exits 0; no graph or a dangling input exits 1', async () => {
    expect((await run(MODEL)).code).toBe(0);
    const noGraph = join(work, 'no-graph.onnx');
    writeFileSync(noGraph, editedModel(readFileSync(MODEL), (m) => (m.graph = null)));
    expect((await run(noGraph)).code).toBe(1);
    const dangling = join(work, 'dangling.onnx');
    writeFileSync(dangling, editedModel(readFileSync(MODEL), (m) => (m.graph!.node![1]!.input = ['nowhere'])));
    expect((await run(dangling)).code).toBe(1);
  });

  it('an external data path that leaves the model folder is a problem, as the importer says', async () => {
    const dir = join(work, 'external', 'model');
    mkdirSync(dir, { recursive: true });
    const source = join(fixturesDir, 'torch', 'torch-seed-arch-adam-dynamo.onnx');
    copyFileSync(`${source}.data`, join(work, 'external', 'weights.data'));
    const escaping = join(dir, 'm.onnx');
    writeFileSync(
      escaping,
      editedModel(readFileSync(source), (m) => {
        for (const t of m.graph!.initializer!) for (const e of t.externalData ?? []) if (e.key === 'location') e.value = '../weights.data';
      }),
    );
    const lines: string[] = [];
    const r = await runInProcess((argv) => inspect(argv, { out: (t) => lines.push(t), err: () => {} }), [escaping]);
    expect(r.code).toBe(1);
    expect(lines.join('\n')).toMatch(/check: 1 problem\(s\)\n {2}.*m\.onnx: external data: external data location "\.\.\/weights\.data" leaves the model's folder/);
  });
});
