/**
 * `verify-parity --bisect`: after the parity run, every runtime whose comparison failed
 * is bisected node by node (see bisect-runtime.ts) on the rows where it went wrong,
 * and, when asked, the first diverging node is written out as a minimal reproducer.
 */
import { join } from 'node:path';
import { describeError } from '../../util/errors.js';
import type { HostTensor } from '../../graph/host-tensor.js';
import type { Comparison } from '../parity/compare.js';
import { allBatches, type ParityInputs } from '../parity/parity-inputs.js';
import { concatRows, sliceRows } from '../run-batches.js';
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

/**
 * The feeds of the chosen rows, cut out of the batches that hold them (streamed inputs
 * are read again). A batch whose feeds do not all have a row per input row goes whole
 * (its rows are then the ones compared), as does one that holds every chosen row.
 */
export async function feedsForRows(inputs: Pick<ParityInputs, 'sets' | 'stream'>, rows: readonly number[]): Promise<{ feeds: Map<string, HostTensor>; rows: number[] }> {
  const parts: Map<string, HostTensor>[] = [];
  const found: number[] = [];
  for await (const set of allBatches(inputs, MAX_BISECT_IMAGES * 4)) {
    const inSet = rows.filter((r) => r >= set.start && r < set.start + set.rows);
    if (inSet.length === 0) continue;
    const splittable = [...set.feeds.values()].every((t) => t.dims[0] === set.rows);
    if (!splittable || inSet.length === set.rows) {
      if (parts.length === 0) return { feeds: set.feeds, rows: Array.from({ length: set.rows }, (_, i) => set.start + i) };
      continue;
    }
    parts.push(new Map([...set.feeds].map(([name, t]) => [name, concatRows(inSet.map((r) => sliceRows(t, r - set.start, 1)))])));
    found.push(...inSet);
    if (found.length === rows.length) break;
  }
  const first = parts[0];
  if (!first) throw new Error('no inputs to bisect on');
  return { feeds: new Map([...first.keys()].map((name) => [name, concatRows(parts.map((p) => p.get(name)!))])), rows: found };
}

export async function bisectFailures(o: BisectOptions): Promise<BisectEntry[]> {
  const entries: BisectEntry[] = [];
  const bisected = new Set<string>();
  for (const c of o.result.comparisons.filter((x) => !x.pass)) {
    const runtime = o.runtimes.find((r) => r.name === c.runtime);
    // Once per runtime: its first failing output shows where it goes wrong for all of them.
    if (!runtime || bisected.has(runtime.name)) continue;
    bisected.add(runtime.name);
    o.context.log(`bisect: ${runtime.name} node by node`);
    const chosen = await feedsForRows(o.result.inputs, imagesToBisect(c, o.result.inputs.count));
    const { run, capture } = await bisectRuntime(runtime, o.references, {
      model: o.model,
      source: o.result.model,
      feeds: chosen.feeds,
      images: chosen.rows,
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
