/**
 * Two-pass reductions over the batch. A gradient such as dL/dw sums over every
 * image and position: one fragment per output would mean a handful of very long
 * loops (idle hardware, long float32 accumulation chains). Instead pass 1 writes
 * `parts` partial sums per output, each over a chunk of images, and pass 2 adds the
 * partials up. Both passes shorten the accumulation chains, which also helps accuracy.
 */
import type { Storage } from '../../../backend.js';
import { runOne, type KernelContext } from '../kernel-context.js';
import type { GpuProgram } from '../program.js';

/** Enough fragments in pass 1 to keep every core's SIMD lanes busy. */
const TARGET_FRAGMENTS = 16384;

export interface BatchSplit {
  /** Number of partial sums per output element. */
  parts: number;
  /** Images summed by each partial. */
  chunk: number;
}

export function splitBatch(batch: number, outputSize: number): BatchSplit {
  const wanted = Math.min(batch, Math.max(1, Math.ceil(TARGET_FRAGMENTS / outputSize)));
  const chunk = Math.ceil(batch / wanted);
  return { parts: Math.ceil(batch / chunk), chunk };
}

/** out[j] = Σ_r x[r·cols + j]: sums the rows of a [rows, cols] matrix. */
export function sumRowsProgram(rows: number, cols: number): GpuProgram {
  return {
    key: `sumRows|${rows},${cols}`,
    inputs: ['x'],
    outputSize: cols,
    main: `
  float acc = 0.0;
  for (int r = 0; r < ${rows}; r++) acc += x_at(r * ${cols} + index);
  result = acc;`,
  };
}

/** Runs a partial-sum program (output [parts, size]) then folds the partials into [size]. */
export function reduceInTwoPasses(
  ctx: KernelContext,
  partialProgram: GpuProgram,
  inputs: readonly Storage[],
  split: BatchSplit,
  size: number,
): Storage {
  const partials = runOne(ctx, partialProgram, inputs);
  if (split.parts === 1) return partials;
  const total = runOne(ctx, sumRowsProgram(split.parts, size), [partials]);
  ctx.dispose(partials);
  return total;
}
