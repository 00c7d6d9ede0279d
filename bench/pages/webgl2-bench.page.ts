/**
 * Page side of the WebGL2 training benchmark: LeNet5 training steps on our WebGL2
 * backend and on TensorFlow.js's webgl backend, both alive in this one page.
 * The machine is shared and noisy, so the two alternate in rounds and each
 * reports its median round. Steps are not awaited one by one (the loss is read
 * every `readEvery` steps, as the trainer does on a GPU); a round's clock stops
 * only after its last loss is read back.
 */
import { createWebgl2Backend } from '../../src/graph/backends/webgl2/index.js';
import { exposeToNode } from '../../src/browser/expose-to-node.js';
import { LenetTrainer, randomBatch } from './lenet-train-step.js';
import { TfjsLenetTrainer, useTfjsWebgl } from './tfjs-lenet.js';

export interface Timing {
  firstStepMs: number;
  /** Median over rounds of the mean step time within a round. */
  stepMs: number;
  imagesPerSecond: number;
  finalLoss: number;
}

export interface BenchOptions {
  batch: number;
  stepsPerRound: number;
  rounds: number;
  readEvery: number;
}

type Loss = { data(): Promise<ArrayLike<number>>; dispose(): void };
type Step = () => Loss;

async function readLoss(loss: Loss): Promise<number> {
  const value = (await loss.data())[0]!;
  loss.dispose();
  return value;
}

/** Mean step time over `steps` steps, and the last loss. */
async function round(step: Step, steps: number, readEvery: number): Promise<{ ms: number; loss: number }> {
  const start = performance.now();
  let loss = NaN;
  for (let s = 1; s <= steps; s++) {
    const l = step();
    if (s % readEvery === 0 || s === steps) loss = await readLoss(l);
    else l.dispose();
  }
  return { ms: (performance.now() - start) / steps, loss };
}

async function firstStep(step: Step): Promise<number> {
  const start = performance.now();
  await readLoss(step()); // compiles every shader
  const ms = performance.now() - start;
  await readLoss(step()); // settles texture pools
  return ms;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function benchBoth(o: BenchOptions): Promise<{ ours: Timing; tfjs: Timing; renderer: string }> {
  const backend = createWebgl2Backend();
  const ours = new LenetTrainer(backend);
  await useTfjsWebgl();
  const tfjs = new TfjsLenetTrainer();
  const data = randomBatch(o.batch, 1);
  const steps: Record<'ours' | 'tfjs', Step> = { ours: () => ours.step(data), tfjs: () => tfjs.step(data) };
  try {
    const first = { ours: await firstStep(steps.ours), tfjs: await firstStep(steps.tfjs) };
    const rounds = { ours: [] as number[], tfjs: [] as number[] };
    const loss = { ours: NaN, tfjs: NaN };
    for (let r = 0; r < o.rounds; r++) {
      for (const who of ['ours', 'tfjs'] as const) {
        const result = await round(steps[who], o.stepsPerRound, o.readEvery);
        rounds[who].push(result.ms);
        loss[who] = result.loss;
      }
    }
    const timing = (who: 'ours' | 'tfjs'): Timing => {
      const stepMs = median(rounds[who]);
      return { firstStepMs: first[who], stepMs, imagesPerSecond: (1000 * o.batch) / stepMs, finalLoss: loss[who] };
    };
    return { ours: timing('ours'), tfjs: timing('tfjs'), renderer: backend.renderer };
  } finally {
    ours.dispose();
    tfjs.dispose();
    backend.destroy();
  }
}

exposeToNode({ benchBoth });
