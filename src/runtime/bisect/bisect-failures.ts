/**
 * `verify-parity --bisect`: after the parity run, every runtime whose comparison failed
 * is bisected node by node (see bisect-runtime.ts) on the images where it went wrong,
 * and, when asked, the first diverging node is written out as a minimal reproducer.
 */
import { join } from 'node:path';
import { describeError } from '../../util/errors.js';
import type { Comparison } from '../parity/compare.js';
import type { ModelUnderTest } from '../model-under-test.js';
import type { ParityResult } from '../parity/parity-run.js';
import type { Runtime, RuntimeContext } from '../runtime.js';
import { bisectRuntime, type BisectRun } from './bisect-runtime.js';
import { writeReproducer, type Reproducer } from './write-reproducer.js';

/** Enough images to show a divergence, few enough to keep every captured tensor small. */
export const MAX_BISECT_IMAGES = 16;

export interface BisectEntry extends BisectRun {
  reproducer: Reproducer | null;
  reproducerError: string | null;
}

export interface BisectOptions {
  result: ParityResult;
  model: ModelUnderTest;
  tensors: Float32Array;
  /** The runtimes of the parity run, by name. */
  runtimes: readonly Runtime[];
  /** Reference candidates in order of preference: the parity reference, then a fallback (ort-node). */
  references: readonly Runtime[];
  context: RuntimeContext;
  /** Where reproducers go (one folder per runtime), or null for none. */
  reproducerDir: string | null;
}

/** The images that flipped, and the one with the largest difference; the first images if none. */
export function imagesToBisect(c: Comparison, count: number, max = MAX_BISECT_IMAGES): number[] {
  const chosen = new Set<number>();
  if (c.worst) chosen.add(c.worst.image);
  for (const flip of c.flips) {
    if (chosen.size >= max) break;
    chosen.add(flip.image);
  }
  if (chosen.size === 0) for (let i = 0; i < Math.min(max, count); i++) chosen.add(i);
  return [...chosen].sort((a, b) => a - b);
}

export async function bisectFailures(o: BisectOptions): Promise<BisectEntry[]> {
  const entries: BisectEntry[] = [];
  for (const c of o.result.comparisons.filter((x) => !x.pass)) {
    const runtime = o.runtimes.find((r) => r.name === c.runtime);
    if (!runtime) continue;
    o.context.log(`bisect: ${runtime.name} node by node`);
    const { run, capture } = await bisectRuntime(runtime, o.references, {
      model: o.model,
      source: o.result.model,
      tensors: o.tensors,
      images: imagesToBisect(c, o.result.inputs.count),
      tolerance: c.tolerance,
      context: o.context,
    });
    const entry: BisectEntry = { ...run, reproducer: null, reproducerError: null };
    if (o.reproducerDir !== null && capture && run.firstDivergence) {
      try {
        entry.reproducer = writeReproducer(join(o.reproducerDir, runtime.name), o.model, o.result.model, run, capture);
      } catch (error) {
        entry.reproducerError = describeError(error);
      }
    }
    entries.push(entry);
  }
  return entries;
}
