import { describe, expect, it } from 'vitest';
import { buildModel, createLenetSpec, createReferenceBackend } from '../../src/graph/index.js';
import { DEFAULT_CONFIG, type TrainConfig } from '../../src/train/config.js';
import { createOptimizer, DivergenceError, train, type Position } from '../../src/train/trainer.js';
import { syntheticDataset } from '../helpers/synthetic-data.js';

const data = syntheticDataset(160, 40);
const config: TrainConfig = { ...DEFAULT_CONFIG, epochs: 3, batchSize: 16, optimizer: 'adam', lr: 3e-3, augment: false, warmupEpochs: 0, weightDecay: 0 };

async function run(c: TrainConfig, start: Position = { epoch: 0, step: 0 }, stopAfterSteps = Infinity) {
  const backend = createReferenceBackend('float32');
  const model = buildModel(createLenetSpec(c.arch, 11), backend);
  const optimizer = createOptimizer(model, c);
  let steps = 0;
  const outcome = await train({
    model, optimizer, config: c, data, start, history: [],
    hooks: { shouldStop: () => steps++ >= stopAfterSteps },
  });
  return { model, optimizer, outcome };
}

describe('training loop', () => {
  it('learns a separable synthetic task (loss falls, accuracy far above chance)', async () => {
    const { outcome } = await run({ ...config, arch: 'lenet5-relu' });
    const h = outcome.history;
    expect(h).toHaveLength(3);
    expect(h[2]!.trainLoss).toBeLessThan(h[0]!.trainLoss);
    expect(h[2]!.test.accuracy).toBeGreaterThan(0.3); // chance is 0.1
    expect(h[2]!.test.confusion.flat().reduce((a, b) => a + b, 0)).toBe(40);
  });

  it('stops with a clear error when the loss becomes NaN/Inf', async () => {
    await expect(run({ ...config, optimizer: 'sgd', lr: 1e9, momentum: 0.9, arch: 'lenet5-relu' })).rejects.toThrow(DivergenceError);
  });

  it('honours a stop request between steps and reports the position', async () => {
    const { outcome } = await run(config, { epoch: 0, step: 0 }, 13);
    expect(outcome.stoppedAt).toEqual({ epoch: 1, step: 3 });
  });
});
