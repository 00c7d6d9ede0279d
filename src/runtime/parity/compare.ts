/**
 * One runtime's outputs against the reference's, output by output, with Polygraphy's
 * semantics (see tensor-comparison.ts): `Comparison` is what reports and --json show
 * for one (runtime, output) pair. `compareOutputs` is the classifier shortcut the web
 * page and older callers use: two [images, classes] float32 blocks, top-1 included.
 */
import { TensorComparer, type TensorComparison, type Tolerance } from './tensor-comparison.js';

export { elementDifference, elementFails, type Tolerance, type Top1Flip, type WorstElement } from './tensor-comparison.js';

/** Tolerances as typed: 1e-5 rather than 0.00001. */
export function toleranceText(value: number): string {
  return value !== 0 && Math.abs(value) < 1e-3 ? value.toExponential() : String(value);
}

export interface Comparison extends TensorComparison {
  runtime: string;
  reference: string;
}

export interface CompareInput {
  runtime: string;
  reference: string;
  /** [images, classes] row-major, from the reference and from the runtime. */
  expected: Float32Array;
  actual: Float32Array;
  images: number;
  classes: number;
  tolerance: Tolerance;
  /** Image names and class labels, for flips and the worst element. */
  names: readonly string[];
  labels: readonly string[];
  /** The output's name (default `logits`). */
  output?: string;
}

export function compareOutputs(input: CompareInput): Comparison {
  const { expected, actual, images, classes } = input;
  const elements = images * classes;
  if (expected.length !== elements || actual.length !== elements) {
    throw new RangeError(`compareOutputs: expected ${elements} values from each side, got ${expected.length} and ${actual.length}`);
  }
  const comparer = new TensorComparer({ output: input.output ?? 'logits', tolerance: input.tolerance, top1: true, labels: input.labels });
  const dims = [images, classes];
  comparer.add({ type: 'float32', dims, data: expected }, { type: 'float32', dims, data: actual }, { start: 0, names: input.names });
  return { runtime: input.runtime, reference: input.reference, ...comparer.result() };
}
