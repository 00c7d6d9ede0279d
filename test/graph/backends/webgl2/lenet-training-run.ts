/**
 * A short, deterministic LeNet5 training run through the real trainer (src/train),
 * used on both sides of the WebGL2 training tests: in Node on the float32
 * reference backend and in Chromium on WebGL2, with identical data and seeds.
 */
import type { Backend } from '../../../../src/graph/backend.js';
import { buildModel } from '../../../../src/graph/models/build.js';
import { createLenetSpec } from '../../../../src/graph/models/lenet.js';
import { DEFAULT_CONFIG, type TrainConfig } from '../../../../src/train/config.js';
import { createOptimizer, train } from '../../../../src/train/trainer.js';
import { syntheticDataset } from '../../../helpers/synthetic-data.js';

export interface TrainingRunOptions {
  steps: number;
  batchSize: number;
  /** Loss read-back interval; the GPU run reads every few steps, as in real training. */
  readLossEvery: number;
  /** Called as each step's loss arrives (e.g. to sample GPU resource counts). */
  observe?: (step: number) => void;
}

export interface TrainingRunResult {
  losses: number[];
  /** backend.liveCount() when each step's loss was read back. */
  live: number[];
}

export async function runLenetTraining(backend: Backend, o: TrainingRunOptions): Promise<TrainingRunResult> {
  // The seed (sigmoid) LeNet5 with Adam: it learns visibly within 200 small steps.
  const config: TrainConfig = {
    ...DEFAULT_CONFIG, epochs: 1, batchSize: o.batchSize, optimizer: 'adam', lr: 3e-3, weightDecay: 0,
    augment: false, warmupEpochs: 0,
  };
  const data = syntheticDataset(o.steps * o.batchSize, o.batchSize);
  const model = buildModel(createLenetSpec(config.arch, 5), backend);
  const optimizer = createOptimizer(model, config);
  const losses: number[] = [];
  const live: number[] = [];
  try {
    await train({
      model, optimizer, config, data, start: { epoch: 0, step: 0 }, history: [], readLossEvery: o.readLossEvery,
      hooks: {
        onStep: (info) => {
          losses.push(info.loss);
          live.push(backend.liveCount());
          o.observe?.(info.step);
        },
      },
    });
  } finally {
    optimizer.dispose();
    model.dispose();
  }
  return { losses, live };
}
