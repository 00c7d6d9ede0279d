/**
 * train-and-export end to end on the real CIFAR-10 archive: a short run learns,
 * writes every artefact and a model onnxruntime loads; Ctrl-C checkpoints and the run
 * resumes; an absurd learning rate stops with a clear message; bad flags are named.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import sharp from 'sharp';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { cifarArchive, fixturesDir } from '../helpers/paths.js';
import { runBin, startBin } from '../helpers/run-bin.js';
import { decodeCheckpoint } from '../../src/train/checkpoint.js';

const work = mkdtempSync(join(tmpdir(), 'tae-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const data = ['--data', cifarArchive];

describe('train-and-export', () => {
  it('a short real-data run (2,000 images, 2 epochs) learns and writes every artefact', async () => {
    const out = join(work, 'short', 'lenet.onnx');
    const r = await runBin('train-and-export', [out, ...data, '--limit', '2000', '--test-limit', '1000', '--epochs', '2', '--json', '--arch', 'lenet5-relu', '--optimizer', 'adam', '--lr', '3e-3', '--warmup-epochs', '0', '--normalize', 'cifar', '--no-augment']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; testAccuracy?: number });
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs).toHaveLength(2);
    expect(epochs[1]!.testAccuracy).toBeGreaterThan(0.2); // chance is 0.1
    const run = join(work, 'short', 'lenet-run');
    for (const f of ['metrics.jsonl', 'loss.png', 'loss.svg', 'accuracy.png', 'accuracy.svg', 'confusion.png', 'confusion.svg'])
      expect(existsSync(join(run, f)), f).toBe(true);
    expect(readFileSync(join(run, 'metrics.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
    expect(readdirSync(join(run, 'checkpoints')).sort()).toEqual(['epoch-0001.ckpt', 'epoch-0002.ckpt']);
    const session = await ort.InferenceSession.create(out);
    const result = await session.run({ input: new ort.Tensor('float32', new Float32Array(2 * 3 * 32 * 32).fill(0.5), [2, 3, 32, 32]) });
    expect(result.logits!.dims).toEqual([2, 10]);
  });

  it('records the arithmetic it trained with, and says so when a resume rounds differently', async () => {
    const run = join(work, 'short', 'lenet-run');
    const checkpoint = join(run, 'checkpoints', 'epoch-0001.ckpt');
    const recorded = decodeCheckpoint(readFileSync(checkpoint), checkpoint).info.arithmetic;
    expect(recorded).toBe('cpu-wasm, fused multiply-add (relaxed SIMD)');
    // The plain-SIMD build rounds every multiply-add twice: the resumed run cannot be bit-exact.
    const r = await runBin('train-and-export', ['--resume', checkpoint], { LENET_WASM_SIMD: 'plain' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`warning: ${checkpoint} was trained on cpu-wasm, fused multiply-add (relaxed SIMD), this run uses cpu-wasm, multiply then add (plain SIMD)`);
    const same = await runBin('train-and-export', ['--resume', checkpoint]);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stderr).not.toContain('warning:');
  });

  it('Ctrl-C saves a checkpoint and prints a resume command that, run as printed, finishes the run', async () => {
    const out = join(work, 'sigint', 'lenet.onnx');
    const args = [out, ...data, '--limit', '4096', '--test-limit', '200', '--epochs', '1', '--batch-size', '32'];
    const { child, done } = startBin('train-and-export', [...args, '--json']);
    let sent = false;
    // Interrupt mid-epoch: after the first step report (every 50 steps in --json mode).
    child.stdout!.on('data', (chunk: Buffer) => {
      if (!sent && chunk.toString().includes('"type":"step"')) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const r = await done;
    expect(r.code).toBe(130);
    const message = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; text?: string }).find((e) => e.text?.includes('--resume'));
    expect(message?.text, r.stdout).toMatch(/resume with: train-and-export --resume \S*epoch-0000-step-\d{6}\.ckpt$/);
    const printed = message!.text!.match(/resume with: train-and-export (.*)$/)![1]!.split(' ');
    expect(existsSync(printed[1]!)).toBe(true);
    expect(existsSync(out)).toBe(false); // nothing half-done looks complete
    const resumed = await runBin('train-and-export', [...printed, '--quiet']);
    expect(resumed.code).toBe(0);
    expect(existsSync(out)).toBe(true);
  });

  it('a diverging run stops with a clear message and exit code 1', async () => {
    const out = join(work, 'nan', 'lenet.onnx');
    const r = await runBin('train-and-export', [out, ...data, '--limit', '512', '--test-limit', '100', '--epochs', '1', '--optimizer', 'sgd', '--lr', '1e12', '--arch', 'lenet5-relu', '--no-augment']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/training diverged: loss is (NaN|Infinity)/);
    expect(existsSync(out)).toBe(false);
  });

  it('--init fine-tunes an imported PyTorch export (starting near its accuracy, not from scratch)', async () => {
    const out = join(work, 'init', 'lenet.onnx');
    const init = join(fixturesDir, 'torch', 'torch-seed-arch-adam-legacy.onnx');
    const r = await runBin('train-and-export', [out, ...data, '--init', init, '--limit', '512', '--test-limit', '500', '--epochs', '1', '--optimizer', 'adam', '--lr', '1e-5', '--warmup-epochs', '0', '--no-augment', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const epoch = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; testAccuracy?: number }).find((e) => e.type === 'epoch');
    expect(epoch!.testAccuracy).toBeGreaterThan(0.45); // the PyTorch model scores 56.7%; from scratch this would be ~10%
  });

  it('trains on your own image folder with any number of classes (here 3, photos of other sizes)', async () => {
    const root = join(work, 'own-data');
    const classes = ['apple', 'kiwi', 'plum'];
    for (const split of ['train', 'test'])
      for (const [k, name] of classes.entries())
        for (let i = 0; i < (split === 'train' ? 24 : 6); i++) {
          const dir = join(root, split, name);
          mkdirSync(dir, { recursive: true });
          const colour = { r: 60 + 80 * k, g: 200 - 70 * k, b: (40 * i) % 255 };
          await sharp({ create: { width: 40 + i, height: 36, channels: 3, background: colour } }).png().toFile(join(dir, `${i}.png`));
        }
    const out = join(work, 'own', 'fruit.onnx');
    const r = await runBin('train-and-export', [out, '--data', root, '--epochs', '1', '--batch-size', '8', '--no-cache', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const session = await ort.InferenceSession.create(out);
    const result = await session.run({ input: new ort.Tensor('float32', new Float32Array(2 * 3 * 32 * 32), [2, 3, 32, 32]) });
    expect(result.logits!.dims).toEqual([2, 3]);
    const inspect = await runBin('inspect', [out]);
    expect(inspect.stdout).toContain('class_labels = ["apple","kiwi","plum"]');
  });

  it('bad flags get one line naming the flag, exit code 2', async () => {
    const r1 = await runBin('train-and-export', ['x.onnx', '--epochs', 'abc']);
    expect(r1.code).toBe(2);
    expect(r1.stderr.trim()).toBe('train-and-export: --epochs abc: not a number');
    const r2 = await runBin('train-and-export', ['x.onnx', '--optimizer', 'rmsprop']);
    expect(r2.stderr.trim()).toBe('train-and-export: --optimizer rmsprop: expected one of sgd, adam, adamw');
    const r3 = await runBin('train-and-export', ['x.onnx', '--bogus']);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/--bogus/);
  });
});
