/**
 * Page side of the WebGL2 training benchmark: times LeNet5 training steps on our
 * WebGL2 backend and on TensorFlow.js's webgl backend, in this one page.
 * Steps are not awaited one by one (the loss is read every `readEvery` steps, as
 * the trainer does on a GPU), and the clock stops only after the last loss is read.
 */
import { createWebgl2Backend } from '../../src/graph/backends/webgl2/index.js';
import { exposeToHarness } from '../../test/browser/page-api.js';
import { LenetTrainer, randomBatch } from './lenet-train-step.js';
import { TfjsLenetTrainer, useTfjsWebgl } from './tfjs-lenet.js';

export interface Timing {
  firstStepMs: number;
  stepMs: number;
  imagesPerSecond: number;
  finalLoss: number;
}

interface Stepper {
  step(): { data(): Promise<ArrayLike<number>>; dispose(): void };
}

async function time(stepper: Stepper, batch: number, steps: number, readEvery: number): Promise<Timing> {
  const read = async (loss: ReturnType<Stepper['step']>): Promise<number> => {
    const value = (await loss.data())[0]!;
    loss.dispose();
    return value;
  };
  let start = performance.now();
  await read(stepper.step()); // compiles every shader
  const firstStepMs = performance.now() - start;
  await read(stepper.step()); // settles texture pools
  start = performance.now();
  let finalLoss = NaN;
  for (let s = 1; s <= steps; s++) {
    const loss = stepper.step();
    if (s % readEvery === 0 || s === steps) finalLoss = await read(loss);
    else loss.dispose();
  }
  const stepMs = (performance.now() - start) / steps;
  return { firstStepMs, stepMs, imagesPerSecond: (1000 * batch) / stepMs, finalLoss };
}

async function benchOurs(batch: number, steps: number, readEvery: number): Promise<Timing> {
  const backend = createWebgl2Backend();
  const trainer = new LenetTrainer(backend);
  const data = randomBatch(batch, 1);
  try {
    return await time({ step: () => trainer.step(data) }, batch, steps, readEvery);
  } finally {
    trainer.dispose();
    backend.destroy();
  }
}

async function benchTfjs(batch: number, steps: number, readEvery: number): Promise<Timing> {
  await useTfjsWebgl();
  const trainer = new TfjsLenetTrainer();
  const data = randomBatch(batch, 1);
  try {
    return await time({ step: () => trainer.step(data) }, batch, steps, readEvery);
  } finally {
    trainer.dispose();
  }
}

exposeToHarness({ benchOurs, benchTfjs });
