/**
 * What Node (browser-training.ts) and the training page (page/training-page.ts) say
 * to each other, over the runtime's page bridge (typed arrays travel as bytes).
 *
 * Node calls `start`, then drains `events()` in a loop: the page queues step reports
 * as the trainer makes them, and at the end of every epoch queues the weights and
 * optimizer state and waits for `epochSaved()`, so the GPU does not run ahead of the
 * checkpoint that Node writes. `stop()` asks the loop to stop between steps.
 */
import type { ModelSpec } from '../../graph/model-spec.js';
import type { TrainConfig } from '../config.js';
import type { OptimizerState } from '../optim/index.js';
import type { EpochMetrics, Position, StepInfo } from '../trainer.js';

export interface TrainingRequest {
  spec: ModelSpec;
  optimizer: OptimizerState;
  config: TrainConfig;
  start: Position;
  history: EpochMetrics[];
  readLossEvery: number;
  /** URL prefix of the dataset routes (dataset-routes.ts). */
  dataBase: string;
}

/** Weights and optimizer state at one moment: enough to checkpoint or export. */
export interface Snapshot {
  spec: ModelSpec;
  optimizer: OptimizerState;
}

export type StartResult = { ok: true; renderer: string } | { ok: false; reason: string };

export type TrainingEvent =
  | { type: 'step'; info: StepInfo }
  | { type: 'epoch'; metrics: EpochMetrics; position: Position; snapshot: Snapshot }
  | { type: 'finished'; stoppedAt: Position | null; snapshot: Snapshot }
  | { type: 'diverged'; message: string }
  | { type: 'failed'; message: string };

export interface TrainingPageApi {
  /** Probes WebGL2 and, when it works, starts training in the background. */
  start(request: TrainingRequest): Promise<StartResult>;
  /** The events since the last call; waits until there is at least one. */
  events(): Promise<TrainingEvent[]>;
  /** Node has written the checkpoint of the last epoch event: go on. */
  epochSaved(): void;
  stop(): void;
}
