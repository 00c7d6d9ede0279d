/**
 * One runtime's outputs against the reference's, element by element, with Polygraphy's
 * semantics: an element fails only if |actual − ref| > atol AND |actual − ref| > rtol·|ref|
 * (it passes when either bound holds). A pair passes when no element fails and every
 * image keeps its top-1 class — a flip is a different answer, however small its cause.
 *
 * Non-finite values: two NaNs, or two equal infinities, count as equal; any other
 * mismatch involving NaN or ±Infinity is an infinite difference.
 */
import { argmax } from '../../util/argmax.js';
import { topMargin } from '../classify.js';
import { errorHistogram, type HistogramBin } from './error-histogram.js';

export interface Tolerance {
  atol: number;
  rtol: number;
}

/** Tolerances as typed: 1e-5 rather than 0.00001. */
export function toleranceText(value: number): string {
  return value !== 0 && Math.abs(value) < 1e-3 ? value.toExponential() : String(value);
}

export interface Top1Flip {
  /** Position in the run's image list. */
  image: number;
  name: string;
  reference: { index: number; label: string };
  runtime: { index: number; label: string };
  /** Reference's top-1 minus its runner-up: a small margin means a near tie. */
  referenceMargin: number;
}

export interface WorstElement {
  image: number;
  name: string;
  class: number;
  reference: number;
  actual: number;
  absDiff: number;
}

export interface Comparison {
  runtime: string;
  reference: string;
  tolerance: Tolerance;
  elements: number;
  /** Elements beyond both atol and rtol·|ref|. */
  failingElements: number;
  maxAbsDiff: number;
  meanAbsDiff: number;
  /** 99th percentile (nearest rank) of the absolute differences. */
  p99AbsDiff: number;
  /** max |d| / |ref| (Infinity where ref is 0 and d is not). */
  maxRelDiff: number;
  /** The element with the largest absolute difference, or null when there are none. */
  worst: WorstElement | null;
  histogram: HistogramBin[];
  /** Fraction of images, 0..1, whose top-1 class matches the reference's. */
  top1Agreement: number;
  flips: Top1Flip[];
  pass: boolean;
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
}

export function elementDifference(expected: number, actual: number): number {
  if (expected === actual || (Number.isNaN(expected) && Number.isNaN(actual))) return 0;
  const d = Math.abs(actual - expected);
  return Number.isNaN(d) ? Infinity : d;
}

/** Polygraphy's elementwise rule. */
export function elementFails(absDiff: number, expected: number, tolerance: Tolerance): boolean {
  return absDiff > tolerance.atol && absDiff > tolerance.rtol * Math.abs(expected);
}

function relativeDifference(absDiff: number, expected: number): number {
  if (absDiff === 0) return 0;
  return absDiff / Math.abs(expected); // Infinity when expected is 0
}

function percentile99(values: Float64Array): number {
  if (values.length === 0) return 0;
  const sorted = values.slice().sort();
  return sorted[Math.ceil(0.99 * sorted.length) - 1]!;
}

function labelOf(labels: readonly string[], index: number): string {
  return labels[index] ?? `class_${index}`;
}

export function compareOutputs(input: CompareInput): Comparison {
  const { expected, actual, images, classes, tolerance, names, labels } = input;
  const elements = images * classes;
  if (expected.length !== elements || actual.length !== elements) {
    throw new RangeError(`compareOutputs: expected ${elements} values from each side, got ${expected.length} and ${actual.length}`);
  }
  const absDiffs = new Float64Array(elements);
  let failing = 0;
  let sum = 0;
  let maxRel = 0;
  let worstAt = -1;
  for (let i = 0; i < elements; i++) {
    const d = elementDifference(expected[i]!, actual[i]!);
    absDiffs[i] = d;
    sum += d;
    if (worstAt === -1 || d > absDiffs[worstAt]!) worstAt = i;
    maxRel = Math.max(maxRel, relativeDifference(d, expected[i]!));
    if (elementFails(d, expected[i]!, tolerance)) failing++;
  }

  const flips: Top1Flip[] = [];
  for (let r = 0; r < images; r++) {
    const want = argmax(expected, r * classes, classes);
    const got = argmax(actual, r * classes, classes);
    if (want === got) continue;
    flips.push({
      image: r,
      name: names[r] ?? `#${r}`,
      reference: { index: want, label: labelOf(labels, want) },
      runtime: { index: got, label: labelOf(labels, got) },
      referenceMargin: topMargin(expected, r * classes, classes),
    });
  }

  const worstImage = Math.floor(worstAt / classes);
  const worst: WorstElement | null =
    worstAt < 0
      ? null
      : {
          image: worstImage,
          name: names[worstImage] ?? `#${worstImage}`,
          class: worstAt % classes,
          reference: expected[worstAt]!,
          actual: actual[worstAt]!,
          absDiff: absDiffs[worstAt]!,
        };
  return {
    runtime: input.runtime,
    reference: input.reference,
    tolerance,
    elements,
    failingElements: failing,
    maxAbsDiff: worst?.absDiff ?? 0,
    meanAbsDiff: elements === 0 ? 0 : sum / elements,
    p99AbsDiff: percentile99(absDiffs),
    maxRelDiff: maxRel,
    worst,
    histogram: errorHistogram(absDiffs),
    top1Agreement: images === 0 ? 1 : (images - flips.length) / images,
    flips,
    pass: failing === 0 && flips.length === 0,
  };
}
