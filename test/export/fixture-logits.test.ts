/**
 * Outside truth: PyTorch's logits for 64 CIFAR-10 test images
 * (../shared/fixtures/torch/torch-seed-arch-adam-logits64.json). Both PyTorch exports
 * (legacy opset 13 inline weights; dynamo opset 20 with external data) are imported,
 * run by our engine and re-exported by our writer; every path must reproduce PyTorch
 * within 1e-5, in onnxruntime-node and onnxruntime-web.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOnnx, writeOnnx } from '../../src/export/index.js';
import { fixturesDir } from '../helpers/paths.js';
import { maxAbsDiff } from '../helpers/numeric.js';
import { loadFixtureImages } from './helpers/cifar-images.js';
import { engineForward, RUNTIMES, runOnnx, type ExternalFile } from './helpers/runtimes.js';

const torchDir = join(fixturesDir, 'torch');
const fixture = JSON.parse(readFileSync(join(torchDir, 'torch-seed-arch-adam-logits64.json'), 'utf8')) as {
  images: string[];
  logits: number[][];
};
const expected = Float32Array.from(fixture.logits.flat());
const BATCH = fixture.images.length;
const TOLERANCE = 1e-5;

const EXPORTS = {
  legacy: { file: 'torch-seed-arch-adam-legacy.onnx', external: [] as string[], fixedBatch: false },
  dynamo: { file: 'torch-seed-arch-adam-dynamo.onnx', external: ['torch-seed-arch-adam-dynamo.onnx.data'], fixedBatch: true },
};

let images: Float32Array;
beforeAll(async () => {
  images = await loadFixtureImages(fixture.images);
});

function oneByOne(run: (x: Float32Array) => Promise<Float32Array>): Promise<Float32Array> {
  // The dynamo export has a fixed batch of 1.
  return (async () => {
    const out = new Float32Array(BATCH * 10);
    for (let i = 0; i < BATCH; i++) out.set(await run(images.subarray(i * 3072, (i + 1) * 3072)), i * 10);
    return out;
  })();
}

describe('PyTorch exports reproduce the fixture logits', () => {
  it('has 64 images with 10 logits each', () => {
    expect(BATCH).toBe(64);
    expect(expected.length).toBe(640);
  });

  for (const [name, ex] of Object.entries(EXPORTS)) {
    const path = join(torchDir, ex.file);

    it(`${name}: the imported ModelSpec, run by the engine, matches PyTorch and onnxruntime-node within 1e-5`, async () => {
      const logits = engineForward(loadOnnx(path), images, BATCH);
      const diff = maxAbsDiff(logits, expected);
      console.log(`[fixture-logits] ${name} engine (reference backend) max |diff| = ${diff.toExponential(2)}`);
      expect(diff).toBeLessThan(TOLERANCE);
      const ort = (await runOnnx('onnxruntime-node', writeOnnx(loadOnnx(path)), images, [BATCH, 3, 32, 32])).logits!;
      expect(maxAbsDiff(logits, ort)).toBeLessThan(TOLERANCE);
    });

    for (const runtime of RUNTIMES) {
      it(`${name}: the original file in ${runtime} matches PyTorch within 1e-5`, async () => {
        const external: ExternalFile[] = ex.external.map((f) => ({ path: f, data: readFileSync(join(torchDir, f)) }));
        const model = readFileSync(path);
        const logits = ex.fixedBatch
          ? await oneByOne(async (x) => (await runOnnx(runtime, model, x, [1, 3, 32, 32], external)).logits!)
          : (await runOnnx(runtime, model, images, [BATCH, 3, 32, 32], external)).logits!;
        const diff = maxAbsDiff(logits, expected);
        console.log(`[fixture-logits] ${name} original in ${runtime} max |diff| = ${diff.toExponential(2)}`);
        expect(diff).toBeLessThan(TOLERANCE);
      });

      it(`${name}: re-exported by our writer (dynamic batch) in ${runtime} matches PyTorch within 1e-5`, async () => {
        const bytes = writeOnnx(loadOnnx(path));
        const logits = (await runOnnx(runtime, bytes, images, [BATCH, 3, 32, 32])).logits!;
        const diff = maxAbsDiff(logits, expected);
        console.log(`[fixture-logits] ${name} re-exported in ${runtime} max |diff| = ${diff.toExponential(2)}`);
        expect(diff).toBeLessThan(TOLERANCE);
      });
    }
  }
});
