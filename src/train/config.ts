/** Everything that defines a training run; saved in checkpoints and the model's metadata. */
import type { Arch } from '../graph/model-spec.js';
import type { Normalization } from './batches.js';
import type { ScheduleKind } from './schedule.js';

export interface TrainConfig {
  arch: Arch;
  epochs: number;
  batchSize: number;
  optimizer: 'sgd' | 'adam' | 'adamw';
  lr: number;
  momentum: number;
  nesterov: boolean;
  weightDecay: number;
  schedule: ScheduleKind;
  warmupEpochs: number;
  augment: boolean;
  normalization: Normalization | null;
  seed: number;
}

/** The default recipe (seed architecture): chosen to beat PyTorch's 58% on this net. */
export const DEFAULT_CONFIG: TrainConfig = {
  arch: 'lenet5',
  epochs: 30,
  batchSize: 64,
  optimizer: 'sgd',
  lr: 0.05,
  momentum: 0.9,
  nesterov: true,
  weightDecay: 5e-4,
  schedule: 'cosine',
  warmupEpochs: 1,
  augment: true,
  normalization: null,
  seed: 0,
};
