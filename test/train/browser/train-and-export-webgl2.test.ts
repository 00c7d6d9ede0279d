/**
 * `train-and-export --backend webgl2` end to end on the real CIFAR-10 archive: the run
 * trains in headless Chromium on WebGL2, follows the CPU backend's run of the same
 * recipe, and leaves the same artefacts (checkpoints with optimizer state, an ONNX
 * holding exactly the weights the page trained); Ctrl-C checkpoints mid-epoch and the
 * run resumes on WebGL2.
 *
 * Chromium is mandatory: without it these tests fail with the install command.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOnnx } from '../../../src/export/onnx-reader.js';
import { foldInputNormalization } from '../../../src/graph/fold-normalization.js';
import { loadCheckpoint } from '../../../src/train/checkpoint.js';
import { CIFAR10_NORMALIZATION } from '../../../src/train/normalization.js';
import { requireChromium } from '../../browser/harness.js';
import { cifarArchive } from '../../helpers/paths.js';
import { runBin, startBin, type BinResult } from '../../helpers/run-bin.js';

const work = mkdtempSync(join(tmpdir(), 'tae-webgl2-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Event {
  type: string;
  text?: string;
  trainLoss?: number;
  testLoss?: number;
  testAccuracy?: number;
}

const events = (r: BinResult): Event[] => r.stdout.trim().split('\n').map((line) => JSON.parse(line) as Event);
const messages = (r: BinResult): string[] => events(r).filter((e) => e.type === 'message').map((e) => e.text!);
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('train-and-export --backend webgl2', () => {
  beforeAll(() => void requireChromium());

  // ReLU + Adam learns within these 16 steps, so following the CPU run means something.
  const recipe = ['--data', cifarArchive, '--limit', '512', '--test-limit', '200', '--epochs', '1', '--batch-size', '32', '--arch', 'lenet5-relu', '--optimizer', 'adam', '--lr', '3e-3', '--warmup-epochs', '0', '--normalize', 'cifar', '--json'];

  it('trains in Chromium on WebGL2 like the CPU backend does, and writes a valid ONNX and checkpoints', async () => {
    const gpuOut = join(work, 'gpu', 'lenet.onnx');
    const cpuOut = join(work, 'cpu', 'lenet.onnx');
    const gpu = await runBin('train-and-export', [gpuOut, ...recipe, '--backend', 'webgl2']);
    expect(gpu.stderr).toBe('');
    expect(gpu.code).toBe(0);
    expect(messages(gpu)).toContainEqual(expect.stringMatching(/^backend: webgl2 in headless Chromium [\d.]+ on .+/));
    const cpu = await runBin('train-and-export', [cpuOut, ...recipe, '--backend', 'cpu']);
    expect(cpu.code).toBe(0);

    const [gpuEpoch] = events(gpu).filter((e) => e.type === 'epoch');
    const [cpuEpoch] = events(cpu).filter((e) => e.type === 'epoch');
    expect(relative(gpuEpoch!.trainLoss!, cpuEpoch!.trainLoss!), 'train loss, webgl2 vs cpu').toBeLessThanOrEqual(1e-3);
    expect(relative(gpuEpoch!.testLoss!, cpuEpoch!.testLoss!), 'test loss, webgl2 vs cpu').toBeLessThanOrEqual(1e-3);
    expect(gpuEpoch!.testLoss!, 'the run learned (chance is ln 10 = 2.303)').toBeLessThan(2.27);

    const checkpoints = join(work, 'gpu', 'lenet-run', 'checkpoints');
    expect(readdirSync(checkpoints)).toEqual(['epoch-0001.ckpt']);
    const saved = loadCheckpoint(join(checkpoints, 'epoch-0001.ckpt'));
    expect(saved.position).toEqual({ epoch: 1, step: 0 });
    expect(saved.optimizer).toMatchObject({ kind: 'adam', step: 16 });
    const moments = Object.values(saved.optimizer.buffers);
    expect(moments.length).toBeGreaterThan(0);
    expect(moments.some((m) => m.some((v) => v !== 0)), 'Adam moments came back from the GPU').toBe(true);

    // The model holds exactly the weights the page trained, normalisation folded in as on the CPU path.
    const exported = loadOnnx(gpuOut);
    const { mean, std } = CIFAR10_NORMALIZATION;
    const trained = foldInputNormalization(saved.spec, mean, std);
    for (const [name, p] of Object.entries(trained.params)) expect(exported.params[name]!.data, name).toEqual(p.data);
    const session = await ort.InferenceSession.create(gpuOut);
    const input = Float32Array.from({ length: 4 * 3072 }, (_, i) => ((i * 7919) % 256) / 255);
    const { logits } = await session.run({ input: new ort.Tensor('float32', input, [4, 3, 32, 32]) });
    expect(logits!.dims).toEqual([4, 10]);
    expect((logits!.data as Float32Array).every(Number.isFinite)).toBe(true);
    await session.release();
  });

  it('Ctrl-C checkpoints mid-epoch; the run resumes on WebGL2 and finishes', async () => {
    const out = join(work, 'sigint', 'lenet.onnx');
    // 128 steps of 8 images; --json reports every 50th step, our cue to interrupt.
    const args = [out, '--data', cifarArchive, '--limit', '1024', '--test-limit', '100', '--epochs', '1', '--batch-size', '8', '--backend', 'webgl2'];
    const { child, done } = startBin('train-and-export', [...args, '--json']);
    let sent = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      if (!sent && chunk.toString().includes('"type":"step"')) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const r = await done;
    expect(r.code, r.stderr).toBe(130);
    const resumeLine = messages(r).find((m) => m.includes('--resume'));
    expect(resumeLine).toMatch(/--resume \S*epoch-0000-step-\d{6}\.ckpt/);
    const checkpoint = resumeLine!.match(/--resume (\S+)/)![1]!;
    const stoppedAt = loadCheckpoint(checkpoint).position;
    expect(stoppedAt.epoch).toBe(0);
    expect(stoppedAt.step).toBeGreaterThanOrEqual(50);
    expect(stoppedAt.step).toBeLessThan(128);
    expect(existsSync(out)).toBe(false);

    const resumed = await runBin('train-and-export', [...args, '--resume', checkpoint, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(messages(resumed)).toContainEqual(expect.stringMatching(/^backend: webgl2 in headless Chromium/));
    expect(existsSync(out)).toBe(true);
  });
});
