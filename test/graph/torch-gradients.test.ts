/**
 * Outside truth: one training step of the seed's LeNet5 computed by PyTorch in float64
 * (../shared/fixtures/torch/grad-fixture-sigmoid.json). Our float32 loss must match
 * within 1e-6 relative and every parameter gradient within 1e-4 relative L2.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  backward, buildModel, createReferenceBackend, lenetLayers, softmaxCrossEntropy, tensorFrom, tidy,
  type Backend, type ModelSpec,
} from '../../src/graph/index.js';
import { createCpuBackend } from '../../src/graph/backends/cpu/index.js';
import { fixturesDir } from '../helpers/paths.js';
import { relativeL2 } from '../helpers/numeric.js';

interface GradFixture {
  input: number[];
  labels: number[];
  loss: number;
  params: Record<string, number[]>;
  grads: Record<string, number[]>;
  shapes: Record<string, number[]>;
}

const fixture: GradFixture = JSON.parse(readFileSync(join(fixturesDir, 'torch', 'grad-fixture-sigmoid.json'), 'utf8'));

function fixtureSpec(): ModelSpec {
  const params: ModelSpec['params'] = {};
  for (const [key, values] of Object.entries(fixture.params))
    params[`net.${key}`] = { shape: fixture.shapes[key]!, data: Float32Array.from(values) };
  return { inputShape: [3, 32, 32], layers: lenetLayers('sigmoid'), params, metadata: {} };
}

export function checkAgainstTorch(backend: Backend): { lossRel: number; gradRel: Record<string, number> } {
  const model = buildModel(fixtureSpec(), backend);
  const lossValue = tidy(() => {
    const x = tensorFrom(backend, [8, 3, 32, 32], fixture.input);
    const labels = tensorFrom(backend, [8], fixture.labels);
    const loss = softmaxCrossEntropy(model.forward(x), labels);
    backward(loss);
    return loss.dataSync()[0]!;
  });
  const gradRel: Record<string, number> = {};
  for (const [key, torchGrad] of Object.entries(fixture.grads)) {
    const g = model.params.get(`net.${key}`)!.grad!;
    gradRel[key] = relativeL2(g.dataSync(), torchGrad);
  }
  model.dispose();
  return { lossRel: Math.abs(lossValue - fixture.loss) / fixture.loss, gradRel };
}

describe('LeNet5 against PyTorch (float64 fixture)', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`reference backend in ${dtype}: loss within 1e-6, gradients within 1e-4 relative`, () => {
      const { lossRel, gradRel } = checkAgainstTorch(createReferenceBackend(dtype));
      const lossTol = dtype === 'float64' ? 1e-12 : 1e-6;
      const gradTol = dtype === 'float64' ? 1e-10 : 1e-4;
      expect(lossRel).toBeLessThan(lossTol);
      expect(Object.keys(gradRel)).toHaveLength(10);
      for (const [key, rel] of Object.entries(gradRel)) expect(rel, key).toBeLessThan(gradTol);
    });
  }
  for (const threads of [1, 2])
    it(`fast CPU backend, ${threads} thread(s): loss within 1e-6, gradients within 1e-4 relative`, () => {
      const backend = createCpuBackend({ threads });
      try {
        const { lossRel, gradRel } = checkAgainstTorch(backend);
        expect(lossRel).toBeLessThan(1e-6);
        expect(Object.keys(gradRel)).toHaveLength(10);
        for (const [key, rel] of Object.entries(gradRel)) expect(rel, key).toBeLessThan(1e-4);
      } finally {
        (backend as { close?: () => void }).close?.();
      }
    });
});
