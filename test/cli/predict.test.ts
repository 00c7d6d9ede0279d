import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/predict.js';
import { loadOnnx, saveOnnx } from '../../src/export/index.js';
import { decodeImageRgb, preprocessImage } from '../../src/image/index.js';
import { extractTorchImages, LEGACY_MODEL, readTorchLogits } from '../runtime/torch-fixture.js';
import { repoRoot } from '../helpers/paths.js';
import { runInProcess } from './run-command.js';

let imagesDir: string;
let files: string[];
let work: string;

beforeAll(async () => {
  ({ dir: imagesDir, files } = await extractTorchImages());
  work = mkdtempSync(join(tmpdir(), 'predict-cli-'));
});

afterAll(() => {
  rmSync(imagesDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

interface Entry {
  file: string;
  label?: string;
  index?: number;
  probabilities?: number[];
  logits?: number[] | null;
  error?: string;
}

describe('predict --json', () => {
  it('answers in input order with PyTorch logits, softmax probabilities and CIFAR-10 labels', async () => {
    const chosen = [files[3]!, files[0]!, files[7]!];
    const r = await runInProcess(main, [LEGACY_MODEL, ...chosen, '--json']);
    expect(r.code).toBe(0);
    const entries = JSON.parse(r.stdout) as Entry[];
    expect(entries.map((e) => e.file)).toEqual(chosen);
    const torch = await readTorchLogits();
    for (const [k, e] of entries.entries()) {
      const want = torch.logits[[3, 0, 7][k]!]!;
      e.logits!.forEach((v, c) => expect(Math.abs(v - want[c]!)).toBeLessThan(1e-5));
      expect(e.probabilities!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      expect(e.index).toBe(want.indexOf(Math.max(...want)));
      expect(e.label).toBe(['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'][e.index!]);
    }
  });

  it('takes class labels from the model metadata and gives the same answers on ort-node', async () => {
    const labelled = join(work, 'labelled.onnx');
    const labels = ['a0', 'b1', 'c2', 'd3', 'e4', 'f5', 'g6', 'h7', 'i8', 'j9'];
    saveOnnx(labelled, loadOnnx(LEGACY_MODEL), { metadata: { class_labels: JSON.stringify(labels) } });
    const engine = JSON.parse((await runInProcess(main, [labelled, files[0]!, files[1]!, '--json'])).stdout) as Entry[];
    const ort = JSON.parse((await runInProcess(main, [labelled, files[0]!, files[1]!, '--json', '--runtime', 'ort-node'])).stdout) as Entry[];
    expect(engine.map((e) => e.label)).toEqual(engine.map((e) => labels[e.index!]));
    expect(ort.map((e) => e.label)).toEqual(engine.map((e) => e.label));
  });
});

describe('predict output and errors', () => {
  it('prints the top classes per image, reports an unreadable file by name, and exits 2', async () => {
    const broken = join(work, 'broken.jpg');
    writeFileSync(broken, 'not an image');
    const r = await runInProcess(main, [LEGACY_MODEL, files[0]!, broken, files[1]!, '--top', '2']);
    expect(r.code).toBe(2);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${files[0]} +\\w+ \\d+\\.\\d%, \\w+ \\d+\\.\\d%$`));
    expect(r.stderr).toContain(`predict: ${broken}: not a readable image`);
  });

  it('--save-preprocessed writes the 32x32 image the model saw, one PNG per input, clashing names numbered', async () => {
    const big = join(work, 'big');
    mkdirSync(join(big, 'x'), { recursive: true });
    mkdirSync(join(big, 'y'), { recursive: true });
    // Two inputs called 0000: the second becomes 0000-2.png.
    copyFileSync(files[0]!, join(big, 'x', '0000.jpg'));
    copyFileSync(files[1]!, join(big, 'y', '0000.jpg'));
    const out = join(work, 'seen');
    const r = await runInProcess(main, [LEGACY_MODEL, big, '--save-preprocessed', out]);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['0000-2.png', '0000.png']);
    const saved = await decodeImageRgb(join(out, '0000-2.png'));
    expect(saved.rgb).toEqual((await preprocessImage(join(big, 'y', '0000.jpg'))).rgb32);
  });

  it('--ignore-exif keeps the stored pixel order, as torchvision does', async () => {
    const photo = join(repoRoot, 'test', 'fixtures', 'pillow', 'images', 'photo-exif-6.jpg');
    const upright = join(work, 'upright');
    const stored = join(work, 'stored');
    await runInProcess(main, [LEGACY_MODEL, photo, '--save-preprocessed', upright]);
    await runInProcess(main, [LEGACY_MODEL, photo, '--save-preprocessed', stored, '--ignore-exif']);
    const a = (await decodeImageRgb(join(upright, 'photo-exif-6.png'))).rgb;
    const b = (await decodeImageRgb(join(stored, 'photo-exif-6.png'))).rgb;
    expect(b).toEqual((await preprocessImage(photo, { exifOrientation: 'ignore' })).rgb32);
    expect(a).toEqual((await preprocessImage(photo)).rgb32);
    expect(a).not.toEqual(b);
  });

  it.each([
    [['only-a-model.onnx'], 'expected a model and at least one image or folder, e.g. predict models/lenet.onnx photo.jpg (see --help)'],
    [['missing.onnx', 'x.jpg'], 'missing.onnx: no such model file'],
    [[LEGACY_MODEL, 'x.jpg', '--runtime', 'cuda'], '--runtime cuda: unknown runtime (known: engine-cpu, ort-node, ort-web-node, ort-web-browser, ort-web-webgpu, ort-web-webgl, engine-webgl2, engine-reference)'],
  ])('%j exits 2 with one line', async (argv, message) => {
    const r = await runInProcess(main, argv);
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: `${message}\n` });
  });
});
