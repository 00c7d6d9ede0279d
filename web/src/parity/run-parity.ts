/**
 * N CIFAR-10 test images through the reference and every other page runtime, one
 * runtime at a time (each gets the whole machine), compared with Polygraphy's rule.
 * Every runtime receives the very same float32 tensors.
 */
import { IMAGE_BYTES } from '../../../src/image/input-size.js';
import { compareOutputs, type Comparison } from '../../../src/runtime/parity/compare.js';
import type { ModelUnderTest } from '../../../src/runtime/model-under-test.js';
import { runBatches } from '../../../src/runtime/run-batches.js';
import type { ImageSplit } from '../../../src/train/data/dataset.js';
import type { ParityRecord } from '../inspection.js';
import type { PageRuntime } from './page-runtimes.js';

/** ToTensor on stored CHW bytes: float32(b) / 255, as the Node pipeline computes it. */
function tensorsOf(split: ImageSplit, count: number): Float32Array {
  const unit = Float32Array.from({ length: 256 }, (_, b) => b / 255);
  const out = new Float32Array(count * IMAGE_BYTES);
  for (let i = 0; i < out.length; i++) out[i] = unit[split.images[i]!]!;
  return out;
}

export interface TimedComparison {
  comparison: Comparison;
  provider: string;
  imagesPerSecond: number;
}

export interface ParityResult extends ParityRecord {
  referenceProvider: string;
  referenceImagesPerSecond: number;
  timed: TimedComparison[];
}

type RunOutcome = { unavailable: string } | { values: Float32Array; provider: string; imagesPerSecond: number };

async function runOne(runtime: PageRuntime, model: ModelUnderTest, inputs: Float32Array, count: number): Promise<RunOutcome> {
  const opened = await runtime.open(model);
  if (!opened.available) return { unavailable: opened.reason };
  try {
    const started = performance.now();
    const { values } = await runBatches(opened.session, inputs, count, { io: model.io });
    return { values, provider: opened.session.provider, imagesPerSecond: count / ((performance.now() - started) / 1000) };
  } finally {
    await opened.session.close();
  }
}

export async function runParity(
  model: ModelUnderTest,
  labels: string[],
  split: ImageSplit,
  requested: number,
  runtimes: { reference: PageRuntime; compared: PageRuntime[] },
  progress: (line: string) => void,
): Promise<ParityResult> {
  const count = Math.max(1, Math.min(requested, split.count));
  const inputs = tensorsOf(split, count);
  const names = Array.from({ length: count }, (_, i) => `test #${i}`);
  progress(`${runtimes.reference.name}: running ${count} images…`);
  const reference = await runOne(runtimes.reference, model, inputs, count);
  if ('unavailable' in reference) throw new Error(`the reference ${runtimes.reference.name} cannot run: ${reference.unavailable}`);
  const result: ParityResult = {
    images: count, reference: runtimes.reference.name, comparisons: [], unavailable: [], timed: [],
    referenceProvider: reference.provider, referenceImagesPerSecond: reference.imagesPerSecond,
  };
  for (const runtime of runtimes.compared) {
    progress(`${runtime.name}: running ${count} images…`);
    const run = await runOne(runtime, model, inputs, count);
    if ('unavailable' in run) {
      result.unavailable.push({ runtime: runtime.name, reason: run.unavailable });
      continue;
    }
    const comparison = compareOutputs({
      runtime: runtime.name, reference: runtimes.reference.name, expected: reference.values, actual: run.values,
      images: count, classes: reference.values.length / count, tolerance: runtime.tolerance, names, labels,
    });
    result.comparisons.push(comparison);
    result.timed.push({ comparison, provider: run.provider, imagesPerSecond: run.imagesPerSecond });
  }
  return result;
}
