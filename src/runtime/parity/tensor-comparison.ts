/**
 * One output of one runtime against the reference's, batch after batch, with
 * Polygraphy's semantics:
 *  - floats (float16/32/64): an element fails only if |actual − ref| > atol AND
 *    |actual − ref| > rtol·|ref|; NaN and ±Infinity must sit at the same positions
 *    (two NaNs, or two equal infinities, are equal; any other non-finite mismatch fails
 *    whatever the tolerance);
 *  - integers and bool: every element exactly;
 *  - shapes must match, and so must the element type (except float against float).
 * Where an output is [N, classes] (or the user asks with --top1), each row's top-1 class
 * is compared too: a flip is a different answer, however small its cause.
 *
 * Batches stream in, so memory holds the absolute differences (for the percentile and
 * histogram) but never all the outputs.
 */
import { elementAsNumber, isBigIntType, isFloatType, type HostTensor } from '../../graph/host-tensor.js';
import { formatShape } from '../../graph/format-shape.js';
import { errorHistogram, type HistogramBin } from './error-histogram.js';
import { argmax } from '../../util/argmax.js';
import { topMargin } from '../classify.js';

export interface Tolerance {
  atol: number;
  rtol: number;
}

export interface Top1Flip {
  /** Row (image) position in the run. */
  image: number;
  name: string;
  reference: { index: number; label: string };
  runtime: { index: number; label: string };
  /** Reference's top-1 minus its runner-up: a small margin means a near tie. */
  referenceMargin: number;
}

export interface WorstElement {
  /** Row (first dimension) position in the run, and its name. */
  image: number;
  name: string;
  /** Offset inside the row (the class, for [N, classes] outputs). */
  class: number;
  reference: number;
  actual: number;
  absDiff: number;
}

export interface TensorComparison {
  output: string;
  tolerance: Tolerance;
  /** `exact` for integer and bool outputs, `tolerance` for floats. */
  rule: 'tolerance' | 'exact';
  elements: number;
  /** Elements that fail the rule (all of them when shapes or types differ). */
  failingElements: number;
  /** Float elements whose NaN/±Infinity does not match the reference's. */
  nonFiniteMismatches: number;
  maxAbsDiff: number;
  meanAbsDiff: number;
  /** 99th percentile (nearest rank) of the absolute differences. */
  p99AbsDiff: number;
  /** max |d| / |ref| (Infinity where ref is 0 and d is not). */
  maxRelDiff: number;
  worst: WorstElement | null;
  histogram: HistogramBin[];
  /** Fraction of rows whose top-1 matches, or null where top-1 is not compared. */
  top1Agreement: number | null;
  flips: Top1Flip[];
  /** Why the tensors cannot be compared element by element (shape or type), or null. */
  mismatch: string | null;
  pass: boolean;
}

export function elementDifference(expected: number, actual: number): number {
  if (expected === actual || (Number.isNaN(expected) && Number.isNaN(actual))) return 0;
  const d = Math.abs(actual - expected);
  return Number.isNaN(d) ? Infinity : d;
}

/** Polygraphy's elementwise rule (finite values). */
export function elementFails(absDiff: number, expected: number, tolerance: Tolerance): boolean {
  return absDiff > tolerance.atol && absDiff > tolerance.rtol * Math.abs(expected);
}

/** A non-finite value on either side that the other side does not match exactly. */
function nonFiniteMismatch(expected: number, actual: number): boolean {
  if (Number.isFinite(expected) && Number.isFinite(actual)) return false;
  return !(expected === actual || (Number.isNaN(expected) && Number.isNaN(actual)));
}

function percentile99(values: Float64Array): number {
  if (values.length === 0) return 0;
  const sorted = values.slice().sort();
  return sorted[Math.ceil(0.99 * sorted.length) - 1]!;
}

export interface TensorComparerOptions {
  output: string;
  tolerance: Tolerance;
  /** Compare top-1 per row (last dimension = classes). */
  top1: boolean;
  labels: readonly string[];
}

/** Rows of a batch: where they start in the run, and their names. */
export interface BatchRows {
  start: number;
  names: readonly string[];
}

export class TensorComparer {
  private elements = 0;
  private failing = 0;
  private nonFinite = 0;
  private sum = 0;
  private maxRel = 0;
  private worst: WorstElement | null = null;
  private readonly diffs: Float64Array[] = [];
  private rows = 0;
  private readonly flips: Top1Flip[] = [];
  private mismatch: string | null = null;
  private exact = false;

  constructor(private readonly o: TensorComparerOptions) {}

  add(expected: HostTensor, actual: HostTensor, rows: BatchRows): void {
    const count = expected.data.length;
    const problem = this.incompatibility(expected, actual);
    if (problem) {
      this.mismatch ??= problem;
      this.elements += count;
      this.failing += count;
      this.maxRel = Infinity;
      this.worst ??= { image: rows.start, name: rows.names[0] ?? `#${rows.start}`, class: 0, reference: NaN, actual: NaN, absDiff: Infinity };
      this.worst.absDiff = Infinity;
      return;
    }
    this.exact = !isFloatType(expected.type);
    const perRow = expected.dims.length > 0 && expected.dims[0]! > 0 ? count / expected.dims[0]! : count;
    const diffs = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const [want, got, d] = this.difference(expected, actual, i);
      diffs[i] = d;
      this.sum += d;
      if (d > 0) this.maxRel = Math.max(this.maxRel, d / Math.abs(want));
      const fails = this.exact ? d !== 0 : nonFiniteMismatch(want, got) || elementFails(d, want, this.o.tolerance);
      if (fails) this.failing++;
      if (!this.exact && nonFiniteMismatch(want, got)) this.nonFinite++;
      if (this.worst === null || d > this.worst.absDiff) {
        const row = Math.floor(i / perRow);
        this.worst = { image: rows.start + row, name: rows.names[row] ?? `#${rows.start + row}`, class: i % perRow, reference: want, actual: got, absDiff: d };
      }
    }
    this.diffs.push(diffs);
    this.elements += count;
    if (this.o.top1) this.compareTop1(expected, actual, rows);
  }

  /** Reference value, actual value, |difference| (exact for 64-bit integers). */
  private difference(expected: HostTensor, actual: HostTensor, i: number): [number, number, number] {
    if (isBigIntType(expected.type) && isBigIntType(actual.type)) {
      const a = expected.data[i] as bigint;
      const b = actual.data[i] as bigint;
      const d = a > b ? a - b : b - a;
      return [Number(a), Number(b), Number(d)];
    }
    const want = elementAsNumber(expected, i);
    const got = elementAsNumber(actual, i);
    return [want, got, elementDifference(want, got)];
  }

  private incompatibility(expected: HostTensor, actual: HostTensor): string | null {
    const bothFloat = isFloatType(expected.type) && isFloatType(actual.type);
    if (!bothFloat && expected.type !== actual.type) return `type ${actual.type} instead of ${expected.type}`;
    if (formatShape(expected.dims) !== formatShape(actual.dims)) return `shape ${formatShape(actual.dims)} instead of ${formatShape(expected.dims)}`;
    return null;
  }

  private compareTop1(expected: HostTensor, actual: HostTensor, rows: BatchRows): void {
    const classes = expected.dims.at(-1) ?? 1;
    const count = classes === 0 ? 0 : expected.data.length / classes;
    const want = Float64Array.from({ length: expected.data.length }, (_, i) => elementAsNumber(expected, i));
    const got = Float64Array.from({ length: actual.data.length }, (_, i) => elementAsNumber(actual, i));
    for (let r = 0; r < count; r++) {
      const a = argmax(want, r * classes, classes);
      const b = argmax(got, r * classes, classes);
      if (a !== b) {
        const label = (index: number) => this.o.labels[index] ?? `class_${index}`;
        this.flips.push({
          image: rows.start + r,
          name: rows.names[r] ?? `#${rows.start + r}`,
          reference: { index: a, label: label(a) },
          runtime: { index: b, label: label(b) },
          referenceMargin: topMargin(want, r * classes, classes),
        });
      }
    }
    this.rows += count;
  }

  result(): TensorComparison {
    const elements = this.elements;
    const diffs = this.mismatch ? new Float64Array(0) : concat(this.diffs);
    const top1Agreement = this.o.top1 && this.mismatch === null ? (this.rows === 0 ? 1 : (this.rows - this.flips.length) / this.rows) : null;
    return {
      output: this.o.output,
      tolerance: this.o.tolerance,
      rule: this.exact ? 'exact' : 'tolerance',
      elements,
      failingElements: this.failing,
      nonFiniteMismatches: this.nonFinite,
      maxAbsDiff: this.worst?.absDiff ?? 0,
      meanAbsDiff: this.mismatch ? Infinity : elements === 0 ? 0 : this.sum / elements,
      p99AbsDiff: this.mismatch ? Infinity : percentile99(diffs),
      maxRelDiff: this.maxRel,
      worst: this.worst,
      histogram: errorHistogram(diffs),
      top1Agreement,
      flips: this.flips,
      mismatch: this.mismatch,
      pass: this.failing === 0 && this.flips.length === 0 && this.mismatch === null,
    };
  }
}

function concat(chunks: readonly Float64Array[]): Float64Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Float64Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Whole tensors at once (bisection, tests): the comparer over one batch. */
export function compareTensors(expected: HostTensor, actual: HostTensor, o: TensorComparerOptions, names: readonly string[] = []): TensorComparison {
  const comparer = new TensorComparer(o);
  comparer.add(expected, actual, { start: 0, names });
  return comparer.result();
}
