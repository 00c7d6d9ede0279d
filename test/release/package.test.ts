/**
 * The npm package is complete: packed once from this repository and installed into a
 * fresh project, it gives a stranger working bins, types and a model, and the examples
 * in examples/ classify a real CIFAR-10 test image with it — in Node with
 * onnxruntime-node alone, through our library API, and in a browser page on
 * onnxruntime-web — all agreeing with `predict`.
 *
 * Two pictures: a CIFAR-10 test JPEG (32x32, so no resize) and the same picture blown
 * up to 100x75 PNG (so every path runs its Pillow-exact resize).
 */
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyInBrowserExample } from './browser-example.js';
import { extractCifar, installConsumer, packRepo, parseRanked, run, runOk, type Ranked } from './consumer-project.js';

const EXAMPLES = ['node-onnxruntime', 'library', 'browser-onnxruntime-web'] as const;
const CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
/**
 * The examples print percentages with one decimal (±0.05), and onnxruntime's kernels
 * differ from our engine's in the last float bits (~1e-4 percentage points).
 */
const PRINTED_PERCENT = 0.051;
/** Every bin the package declares; each is run below. */
const BINS = ['cifar-preview', 'inspect-onnx', 'predict', 'train-and-export', 'verify-parity'];

let work: string;
let tarball: string;
let consumer: string;
let model: string;
/** The CIFAR-10 test image the examples are shown with, and its true class. */
let photo: string;
const PHOTO_CLASS = 'truck';
/** The same picture, larger and not square. */
let bigPhoto: string;
/** Two test images per class, for verify-parity. */
let parityImages: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'lenet-release-'));
  consumer = join(work, 'consumer');
  const members = CLASSES.flatMap((c) => [`cifar10-jpg/test/${c}/0000.jpg`, `cifar10-jpg/test/${c}/0001.jpg`]);
  const [packed] = await Promise.all([packRepo(join(work, 'pack')), extractCifar(join(work, 'images'), members)]);
  tarball = packed;
  parityImages = join(work, 'images', 'cifar10-jpg', 'test');
  photo = join(parityImages, PHOTO_CLASS, '0000.jpg');
  bigPhoto = join(work, 'truck-100x75.png');
  await sharp(photo).resize(100, 75, { kernel: 'nearest' }).png().toFile(bigPhoto);
  await installConsumer(consumer, tarball, EXAMPLES);
  model = join(consumer, 'node_modules', 'lenet-portable', 'models', 'lenet.onnx');
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

interface PredictEntry {
  file: string;
  label: string;
  probabilities: number[];
}

let predicted: Promise<PredictEntry[]> | undefined;
/** `npx predict` from the installed package (engine-cpu), on both pictures: the answers every example must give. */
function predictBoth(): Promise<PredictEntry[]> {
  predicted ??= runOk('npx', ['--no', '--', 'predict', model, photo, bigPhoto, '--json'], consumer).then((r) => JSON.parse(r.stdout) as PredictEntry[]);
  return predicted;
}

/** An example's top-1 matches predict's: same class, same probability to the printed digit. */
function expectAgrees(shown: Ranked[], truth: PredictEntry): void {
  const best = Math.max(...truth.probabilities);
  expect(shown[0]!.label).toBe(truth.label);
  expect(Math.abs(shown[0]!.percent - best * 100)).toBeLessThanOrEqual(PRINTED_PERCENT);
}

function lines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => l.trim() !== '');
}

describe('the packed tarball', () => {
  it('holds the build, every bin and exports target, the types and the models, and no sources', async () => {
    const listing = (await runOk('tar', ['-tzf', tarball], work)).stdout.split('\n').filter(Boolean);
    const files = new Set(listing.map((f) => f.replace(/^package\//, '')));
    const pkg = JSON.parse(readFileSync(join(consumer, 'node_modules', 'lenet-portable', 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
      exports: Record<string, string | Record<string, string>>;
    };
    const targets = [
      ...Object.values(pkg.bin),
      ...Object.values(pkg.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t))).filter((t) => !t.includes('*')),
    ].map((t) => t.replace(/^\.\//, ''));
    expect(Object.keys(pkg.bin).sort()).toEqual(BINS);
    for (const target of targets) expect(files, target).toContain(target);
    for (const required of ['README.md', 'models/lenet.onnx', 'models/README.md', 'dist/index.d.ts', 'dist/graph/backends/cpu/wasm/kernels-binary.js']) {
      expect(files, required).toContain(required);
    }
    for (const bin of Object.values(pkg.bin)) {
      expect(readFileSync(join(consumer, 'node_modules', 'lenet-portable', bin), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    }
    const stray = [...files].filter((f) => /^(src|test|assembly|bench|scripts|web|examples)\//.test(f) || (/\.ts$/.test(f) && !/\.d\.ts$/.test(f)));
    expect(stray).toEqual([]);
  });
});

describe('examples/node-onnxruntime (onnxruntime-node and the model file only)', () => {
  it('names the CIFAR-10 test image and agrees with predict, for the 32x32 JPEG and a resized PNG', async () => {
    const classify = async (file: string) =>
      parseRanked(lines((await runOk('node', [join(consumer, 'node-onnxruntime', 'classify.js'), file, model], consumer)).stdout));
    const [truth, ranked] = await Promise.all([predictBoth(), Promise.all([photo, bigPhoto].map(classify))]);
    expect(ranked.map((r) => r.length)).toEqual([3, 3]); // the three most likely classes
    expect(ranked[0]![0]!.label).toBe(PHOTO_CLASS);
    expectAgrees(ranked[0]!, truth[0]!);
    expectAgrees(ranked[1]!, truth[1]!);
  });
});

describe('the bins, through npx from the installed tarball', () => {
  it('predict names the picture', async () => {
    const [first] = await predictBoth();
    expect(first!.label).toBe(PHOTO_CLASS);
    expect(first!.probabilities).toHaveLength(10);
  });

  it('inspect-onnx reads the released model: its input, output and the class labels the examples use', async () => {
    const facts = JSON.parse((await runOk('npx', ['--no', '--', 'inspect-onnx', model, '--json'], consumer)).stdout) as {
      inputs: { name: string; shape: (string | number)[] }[];
      outputs: { name: string; shape: (string | number)[] }[];
      metadata: Record<string, string>;
    };
    expect(facts.inputs).toMatchObject([{ name: 'input', shape: ['batch', 3, 32, 32] }]);
    expect(facts.outputs).toMatchObject([{ name: 'logits', shape: ['batch', 10] }]);
    expect(JSON.parse(facts.metadata.class_labels!)).toEqual(CLASSES);
  });

  it('verify-parity passes engine-cpu against ort-node on 20 CIFAR-10 test images', async () => {
    const r = await run('npx', ['--no', '--', 'verify-parity', model, parityImages, '--count', '20', '--runtimes', 'engine-cpu,ort-node', '--json', '--quiet'], consumer);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { pass: boolean; images: number; runtimes: { name: string; available: boolean }[]; comparisons: { runtime: string; pass: boolean; top1Agreement: number }[] };
    expect(report.images).toBe(20);
    expect(report.runtimes.map((x) => [x.name, x.available])).toEqual([['engine-cpu', true], ['ort-node', true]]);
    expect(report.comparisons).toMatchObject([{ runtime: 'ort-node', pass: true, top1Agreement: 1 }]);
    expect(report.pass).toBe(true);
  });

  it('train-and-export trains on an image folder and writes a model predict reads; cifar-preview draws its contact sheet', async () => {
    // A tiny image-folder dataset: the 20 extracted test images as both splits.
    const data = join(work, 'tiny-cifar');
    cpSync(parityImages, join(data, 'train'), { recursive: true });
    cpSync(parityImages, join(data, 'test'), { recursive: true });
    const trained = join(work, 'trained', 'model.onnx');
    const train = await run(
      'npx',
      ['--no', '--', 'train-and-export', trained, '--data', data, '--no-cache', '--epochs', '1', '--batch-size', '4', '--backend', 'cpu', '--quiet'],
      consumer,
    );
    expect(train.code, train.stderr).toBe(0);
    const [entry] = JSON.parse((await runOk('npx', ['--no', '--', 'predict', trained, photo, '--json'], consumer)).stdout) as PredictEntry[];
    expect(CLASSES).toContain(entry!.label);
    expect(entry!.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);

    const sheet = join(work, 'preview.png');
    const preview = await run('npx', ['--no', '--', 'cifar-preview', '--data', data, '--no-cache', '--count', '4', '--out', sheet], consumer);
    expect(preview.code, preview.stderr).toBe(0);
    expect(readFileSync(sheet).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });
});

describe('examples/library (our API, from the installed package)', () => {
  it('type-checks against the package types (strict, no skipLibCheck) and classifies as predict does', async () => {
    const tsc = await run('npx', ['--no', '--', 'tsc', '-p', 'library'], consumer);
    expect(tsc.stdout).toBe(''); // tsc reports type errors on stdout
    expect(tsc.code, tsc.stderr).toBe(0);
    const [truth, out] = await Promise.all([predictBoth(), runOk('node', [join('library', 'build', 'classify.js'), photo, bigPhoto], consumer)]);
    const printed = lines(out.stdout);
    expect(printed).toHaveLength(2);
    [photo, bigPhoto].forEach((file, i) => {
      expect(printed[i]!.startsWith(`${file}: `)).toBe(true);
      expectAgrees(parseRanked([printed[i]!.slice(file.length + 2)]), truth[i]!);
    });
  });
});

describe('examples/browser-onnxruntime-web in headless Chromium', () => {
  it('shows the answers Node gives, loading everything from the local server', async () => {
    const pageDir = join(consumer, 'browser-onnxruntime-web');
    // The README's step: put the released model next to the page.
    copyFileSync(model, join(pageDir, 'lenet.onnx'));
    const [truth, browser] = await Promise.all([predictBoth(), classifyInBrowserExample(pageDir, join(consumer, 'node_modules'), [photo, bigPhoto])]);
    expect(browser.problems).toEqual([]);
    expect(browser.requests.filter((url) => !url.startsWith(`${browser.origin}/`))).toEqual([]);
    expect(browser.requests.some((url) => url.endsWith('.wasm'))).toBe(true);
    expect(browser.answers[0]![0]!.label).toBe(PHOTO_CLASS);
    expectAgrees(browser.answers[0]!, truth[0]!);
    expectAgrees(browser.answers[1]!, truth[1]!);
  });
});
