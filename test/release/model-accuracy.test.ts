/**
 * The released models' CIFAR-10 accuracy, as models/README.md claims it, reproduces on
 * all 10,000 test images — in our engine and in onnxruntime-node (the outside truth),
 * loaded through the project's data loader and its decoded cache (about 12 s cold,
 * under a second warm). One image is 0.01 %, so the claim must hold exactly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argmaxRows } from '../../src/util/argmax.js';
import { loadModelUnderTest, type ModelUnderTest } from '../../src/runtime/model-under-test.js';
import { imagesOf, inputsFromCifar, type ParityInputs } from '../../src/runtime/parity/parity-inputs.js';
import { findRuntime } from '../../src/runtime/registry.js';
import { runBatches } from '../../src/runtime/run-batches.js';
import { createRuntimeContext } from '../../src/runtime/runtime-context.js';
import { cifarArchive, repoRoot } from '../helpers/paths.js';

const TEST_IMAGES = 10_000;
const context = createRuntimeContext({ threads: 2 });
const modelCards = readFileSync(join(repoRoot, 'models', 'README.md'), 'utf8');
let testSet: ParityInputs;

/** The percentage the model cards' summary table claims for `file`, e.g. 63.26. */
function claimedPercent(file: string): number {
  const row = modelCards.split('\n').find((line) => line.startsWith(`| \`${file}\` |`));
  const claim = row && /\| \*\*(\d+\.\d\d) %\*\* \|/.exec(row);
  if (!claim) throw new Error(`models/README.md: no "**NN.NN %**" accuracy in the table row for ${file}`);
  return Number(claim[1]);
}

/** What the model says about its own training (metadata key `training`). */
function trainingMetadata(model: ModelUnderTest): { testAccuracy: number; perClassAccuracy: number[] } {
  return JSON.parse(model.io.metadata['training'] ?? 'null');
}

beforeAll(async () => {
  testSet = (await inputsFromCifar({ count: TEST_IMAGES, seed: 0, load: { data: cifarArchive } }))!;
});

afterAll(() => context.closeShared());

describe.each(['lenet.onnx', 'lenet-relu.onnx'])('models/%s', (file) => {
  let model: ModelUnderTest;
  beforeAll(async () => {
    model = await loadModelUnderTest(join(repoRoot, 'models', file));
  });

  it('claims the same accuracy in the model card and in its own metadata', () => {
    expect(trainingMetadata(model).testAccuracy * 100).toBeCloseTo(claimedPercent(file), 10);
  });

  it.each([
    ['engine-cpu', /^lenet-portable engine, cpu/],
    ['ort-node', /^onnxruntime-node .*CPUExecutionProvider/],
  ])('%s reproduces the claimed accuracy on all 10,000 test images, class by class', async (name, provider) => {
    expect(testSet.kind).toBe('cifar10-test');
    expect(testSet.count).toBe(TEST_IMAGES);
    const opened = await findRuntime(name).open(model, context);
    if (!opened.available) throw new Error(`${name} unavailable: ${opened.reason}`);
    try {
      const { values, classes } = await runBatches(opened.session, imagesOf(testSet), TEST_IMAGES, { io: model.io });
      expect(opened.session.provider).toMatch(provider);
      const predicted = argmaxRows(values, TEST_IMAGES, classes);
      const right = new Array<number>(classes).fill(0);
      const seen = new Array<number>(classes).fill(0);
      testSet.truth!.forEach((label, i) => {
        seen[label]!++;
        if (predicted[i] === label) right[label]!++;
      });
      const correct = right.reduce((a, b) => a + b, 0);
      expect(correct / 100).toBe(claimedPercent(file)); // to the image: 1 image = 0.01 %
      // Per class (1,000 images each), to the metadata's 0.1 %.
      expect(right.map((r, c) => Math.round((r / seen[c]!) * 1000) / 1000)).toEqual(trainingMetadata(model).perClassAccuracy);
    } finally {
      await opened.session.close();
    }
  });
});
