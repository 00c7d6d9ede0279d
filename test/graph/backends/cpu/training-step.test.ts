/**
 * Whole LeNet5 training steps on the CPU backend: bit-identical parameters for 1, 2
 * and 3 threads (work is claimed in chunks, but no sum depends on who computed what),
 * close to the float64 reference, and a steady state that frees every buffer it takes
 * and reserves no new memory (the pool serves each step from the previous one's).
 */
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../../src/graph/backend.js';
import { backward } from '../../../../src/graph/autograd.js';
import { createCpuBackend } from '../../../../src/graph/backends/cpu/index.js';
import { createReferenceBackend } from '../../../../src/graph/backends/reference/index.js';
import { buildModel } from '../../../../src/graph/models/build.js';
import { createLenetSpec } from '../../../../src/graph/models/lenet.js';
import { softmaxCrossEntropy } from '../../../../src/graph/ops/index.js';
import { Random } from '../../../../src/graph/random.js';
import { tidy } from '../../../../src/graph/scope.js';
import { tensorFrom } from '../../../../src/graph/tensor.js';
import { Sgd } from '../../../../src/train/optim/index.js';
import { relativeErrors } from '../kernel-error.js';

const BATCH = 16;

function batchData(seed: number) {
  const rng = new Random(seed);
  return {
    x: Float32Array.from({ length: BATCH * 3 * 32 * 32 }, () => rng.uniform(-1, 1)),
    y: Float32Array.from({ length: BATCH }, () => rng.int(10)),
  };
}

/** Runs `steps` SGD steps and returns the parameters by name. */
async function train(be: Backend, steps: number, onStep?: (i: number) => void): Promise<Map<string, Float32Array>> {
  const model = buildModel(createLenetSpec('lenet5', 3), be);
  const opt = new Sgd(model.params, { lr: 0.05, momentum: 0.9 });
  for (let i = 0; i < steps; i++) {
    const { x, y } = batchData(100 + i);
    tidy(() => backward(softmaxCrossEntropy(model.forward(tensorFrom(be, [BATCH, 3, 32, 32], x)), tensorFrom(be, [BATCH], y))));
    opt.step();
    opt.zeroGrad();
    onStep?.(i);
  }
  const out = new Map<string, Float32Array>();
  for (const [name, p] of model.params) out.set(name, Float32Array.from(await p.data()));
  opt.dispose();
  model.dispose();
  return out;
}

describe('cpu backend training steps', () => {
  it('give bit-identical parameters on 1, 2 and 3 threads', async () => {
    const runs = [];
    for (const threads of [1, 2, 3]) {
      const be = createCpuBackend({ threads });
      await be.ready();
      runs.push(await train(be, 3));
    }
    for (const [name, values] of runs[0]!) {
      expect(Array.from(runs[1]!.get(name)!), `${name}, 2 threads`).toEqual(Array.from(values));
      expect(Array.from(runs[2]!.get(name)!), `${name}, 3 threads`).toEqual(Array.from(values));
    }
  });

  it('stay close to the float64 reference', async () => {
    const mine = await train(createCpuBackend({ threads: 2 }), 2);
    const exact = await train(createReferenceBackend('float64'), 2);
    for (const [name, values] of exact) {
      const s = relativeErrors(mine.get(name)!, values);
      expect(s.maxRel, name).toBeLessThan(1e-4);
    }
  });

  it('reach a steady state: no leaked buffers, no new memory after the first step', async () => {
    const be = createCpuBackend({ threads: 2 });
    const reserved: number[] = [];
    const before = be.liveCount();
    await train(be, 4, () => reserved.push(be.reservedBytes()));
    expect(be.liveCount()).toBe(before);
    expect(reserved.slice(1)).toEqual(reserved.slice(1).map(() => reserved[0]));
  });
});
