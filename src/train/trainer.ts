/**
 * The training loop: per-step learning rate, forward/backward inside a memory scope,
 * optimizer update, loss read-back every few steps (asynchronous, so a GPU is not
 * stalled every step), evaluation and a checkpoint hook after every epoch, a stop
 * request honoured between steps, and a NaN/Inf loss stopping the run.
 */
import { backward } from '../graph/autograd.js';
import type { Model } from '../graph/models/build.js';
import { softmaxCrossEntropy } from '../graph/ops/index.js';
import { keep, tidy } from '../graph/scope.js';
import { tensorFrom, type Tensor } from '../graph/tensor.js';
import { BatchAssembler, epochOrder, stepsPerEpoch } from './batches.js';
import type { TrainConfig } from './config.js';
import type { Dataset } from './data/dataset.js';
import { evaluate, type Evaluation } from './evaluate.js';
import { Adam, Sgd, type Optimizer } from './optim/index.js';
import { learningRateAt } from './schedule.js';
import { argmax } from '../util/argmax.js';

export interface Position {
  /** Epoch (0-based) and step within it of the NEXT update to run. */
  epoch: number;
  step: number;
}

export interface EpochMetrics {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  test: Evaluation;
  lr: number;
  seconds: number;
  imagesPerSecond: number;
}

export interface StepInfo extends Position {
  stepsPerEpoch: number;
  batchSize: number;
  loss: number;
  lr: number;
  imagesPerSecond: number;
}

export interface TrainHooks {
  onStep?(info: StepInfo): void;
  onEpoch?(metrics: EpochMetrics, position: Position): Promise<void> | void;
  /** Polled between steps; returning true stops the run at the current position. */
  shouldStop?(): boolean;
}

export class DivergenceError extends Error {
  override name = 'DivergenceError';
}

export function createOptimizer(model: Model, c: TrainConfig): Optimizer {
  if (c.optimizer === 'sgd')
    return new Sgd(model.params, { lr: c.lr, momentum: c.momentum, nesterov: c.nesterov, weightDecay: c.weightDecay });
  return new Adam(model.params, { lr: c.lr, weightDecay: c.weightDecay, decoupled: c.optimizer === 'adamw' });
}

export interface TrainRun {
  model: Model;
  optimizer: Optimizer;
  config: TrainConfig;
  data: Dataset;
  start: Position;
  history: EpochMetrics[];
  hooks?: TrainHooks;
  /** Read the loss back every N steps (1 on CPU; more on a GPU). */
  readLossEvery?: number;
}

export interface TrainOutcome {
  stoppedAt: Position | null;
  history: EpochMetrics[];
}

export async function train(run: TrainRun): Promise<TrainOutcome> {
  const { model, optimizer, config: c, data } = run;
  const batchOptions = { batchSize: c.batchSize, seed: c.seed, shuffle: true, augment: c.augment, normalization: c.normalization, dropLast: true };
  const steps = stepsPerEpoch(data.train.count, batchOptions);
  if (steps === 0)
    throw new Error(`train: ${data.train.count} training images are fewer than one batch of ${c.batchSize}`);
  const schedule = { kind: c.schedule, baseLr: c.lr, totalSteps: steps * c.epochs, warmupSteps: Math.round(c.warmupEpochs * steps) };
  const assembler = new BatchAssembler(batchOptions);
  const be = model.backend;
  const readEvery = run.readLossEvery ?? 1;
  const history = [...run.history];
  let lastYield = performance.now();

  for (let epoch = run.start.epoch; epoch < c.epochs; epoch++) {
    const order = epochOrder(data.train.count, c.seed, epoch, true);
    const firstStep = epoch === run.start.epoch ? run.start.step : 0;
    const started = performance.now();
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    let pending: { loss: Tensor; logits: Tensor; labels: Float32Array; step: number }[] = [];

    const drain = async (): Promise<void> => {
      for (const p of pending) {
        const [lossValue, logits] = await Promise.all([p.loss.data(), p.logits.data()]);
        p.loss.dispose();
        p.logits.dispose();
        const loss = lossValue[0]!;
        if (!Number.isFinite(loss))
          throw new DivergenceError(`training diverged: loss is ${loss} at epoch ${epoch + 1}, step ${p.step + 1} (lr ${optimizer.lr.toExponential(2)}); lower the learning rate`);
        lossSum += loss * p.labels.length;
        correct += countCorrect(logits, p.labels);
        seen += p.labels.length;
        run.hooks?.onStep?.({
          epoch, step: p.step, stepsPerEpoch: steps, batchSize: c.batchSize, loss, lr: optimizer.lr,
          imagesPerSecond: ((p.step - firstStep + 1) * c.batchSize) / ((performance.now() - started) / 1000),
        });
      }
      pending = [];
    };

    for (let step = firstStep; step < steps; step++) {
      // Let signals (Ctrl-C), timers and UI events in; the loop itself only awaits microtasks.
      if (performance.now() - lastYield > 50) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
      if (run.hooks?.shouldStop?.()) {
        await drain();
        return { stoppedAt: { epoch, step }, history };
      }
      optimizer.lr = learningRateAt(schedule, epoch * steps + step);
      const n = assembler.fill(data.train, order, epoch, step);
      const out = tidy(() => {
        const x = tensorFrom(be, [n, 3, 32, 32], assembler.input);
        const labels = tensorFrom(be, [n], assembler.labels);
        const logits = model.forward(x);
        const loss = softmaxCrossEntropy(logits, labels);
        backward(loss);
        return { loss: keep(loss), logits: keep(logits) };
      });
      optimizer.step();
      optimizer.zeroGrad();
      pending.push({ ...out, labels: assembler.labels.slice(0, n), step });
      if (pending.length >= readEvery) await drain();
    }
    await drain();
    const seconds = (performance.now() - started) / 1000;
    const test = await evaluate(model, data.test, data.classNames.length, c.normalization);
    const metrics: EpochMetrics = {
      epoch: epoch + 1, trainLoss: lossSum / seen, trainAccuracy: correct / seen, test, lr: optimizer.lr,
      seconds, imagesPerSecond: ((steps - firstStep) * c.batchSize) / seconds,
    };
    history.push(metrics);
    await run.hooks?.onEpoch?.(metrics, { epoch: epoch + 1, step: 0 });
  }
  return { stoppedAt: null, history };
}

function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => void };
  return new Promise((resolve) => (g.setImmediate ? g.setImmediate(resolve) : setTimeout(resolve, 0)));
}

function countCorrect(logits: ArrayLike<number>, labels: Float32Array): number {
  const classes = logits.length / labels.length;
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (argmax(logits, i * classes, classes) === labels[i]) correct++;
  return correct;
}
