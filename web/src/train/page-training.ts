/**
 * A training run inside the page: the real trainer (src/train/trainer.ts) on the page's
 * backend, which can stop between steps and resume exactly where it stopped (batch
 * order and schedule are functions of the position, so stop + resume = no stop).
 */
import { IMAGE_BYTES } from '../../../src/image/input-size.js';
import type { Backend } from '../../../src/graph/backend.js';
import type { Arch, ModelSpec } from '../../../src/graph/model-spec.js';
import { buildModel, type Model } from '../../../src/graph/models/build.js';
import { createLenetSpec } from '../../../src/graph/models/lenet.js';
import { DEFAULT_CONFIG, type TrainConfig } from '../../../src/train/config.js';
import type { Dataset, ImageSplit } from '../../../src/train/data/dataset.js';
import type { Optimizer } from '../../../src/train/optim/index.js';
import { createOptimizer, train, type EpochMetrics, type Position, type StepInfo } from '../../../src/train/trainer.js';

export interface TrainSettings {
  arch: Arch;
  /** Start from fresh weights, or from the loaded model's (fine-tuning). */
  init: 'fresh' | 'model';
  images: number;
  testImages: number;
  epochs: number;
  batchSize: number;
  optimizer: 'adam' | 'sgd';
  lr: number;
}

export interface TrainingHooks {
  onStep(info: StepInfo): void;
  onEpoch(metrics: EpochMetrics): void;
}

/** The served split is already a seeded shuffle, so its first n images are a fair sample. */
function firstImages(split: ImageSplit, n: number): ImageSplit {
  const count = Math.min(n, split.count);
  return { images: split.images.subarray(0, count * IMAGE_BYTES), labels: split.labels.subarray(0, count), count };
}

function configFor(s: TrainSettings): TrainConfig {
  // Short runs in a page: no warm-up, no augmentation, cosine decay over the run. A
  // loaded model already expects plain ToTensor input, so fine-tuning keeps it that way.
  return {
    ...DEFAULT_CONFIG, arch: s.arch, epochs: s.epochs, batchSize: s.batchSize, optimizer: s.optimizer, lr: s.lr,
    weightDecay: s.optimizer === 'adam' ? 0 : DEFAULT_CONFIG.weightDecay, warmupEpochs: 0, augment: false,
    normalization: s.init === 'model' ? null : DEFAULT_CONFIG.normalization,
  };
}

/** A trailing Softmax is for inference; training works on logits. */
function trainable(spec: ModelSpec): ModelSpec {
  const last = spec.layers.at(-1);
  return last?.kind === 'softmax' ? { ...spec, layers: spec.layers.slice(0, -1) } : spec;
}

export class PageTraining {
  readonly history: EpochMetrics[] = [];
  position: Position = { epoch: 0, step: 0 };
  private stopRequested = false;

  private constructor(
    readonly config: TrainConfig,
    readonly data: Dataset,
    private readonly model: Model,
    private readonly optimizer: Optimizer,
  ) {}

  static create(settings: TrainSettings, dataset: Dataset, backend: Backend, loadedSpec: ModelSpec | null): PageTraining {
    const config = configFor(settings);
    const data = { ...dataset, train: firstImages(dataset.train, settings.images), test: firstImages(dataset.test, settings.testImages) };
    if (data.train.count < config.batchSize) throw new Error(`${data.train.count} training images are fewer than one batch of ${config.batchSize}`);
    if (settings.init === 'model' && !loadedSpec) throw new Error('the loaded model cannot be read by our engine, so it cannot be fine-tuned');
    const spec = settings.init === 'model' ? trainable(loadedSpec!) : createLenetSpec(settings.arch, config.seed);
    const model = buildModel(spec, backend);
    return new PageTraining(config, data, model, createOptimizer(model, config));
  }

  get finished(): boolean {
    return this.position.epoch >= this.config.epochs;
  }

  /** Trains from the current position until the end or a stop; true when the run is complete. */
  async run(hooks: TrainingHooks): Promise<boolean> {
    this.stopRequested = false;
    const outcome = await train({
      model: this.model, optimizer: this.optimizer, config: this.config, data: this.data, start: this.position, history: this.history,
      readLossEvery: this.model.backend.readSync ? 1 : 10,
      hooks: {
        onStep: hooks.onStep,
        onEpoch: (metrics, position) => {
          this.history.push(metrics);
          this.position = position;
          hooks.onEpoch(metrics);
        },
        shouldStop: () => this.stopRequested,
      },
    });
    this.position = outcome.stoppedAt ?? { epoch: this.config.epochs, step: 0 };
    return outcome.stoppedAt === null;
  }

  stop(): void {
    this.stopRequested = true;
  }

  trainedSpec(): Promise<ModelSpec> {
    return this.model.toSpec();
  }

  dispose(): void {
    this.optimizer.dispose();
    this.model.dispose();
  }
}
