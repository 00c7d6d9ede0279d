/**
 * ONNX's backend-test verdict on one output (onnx.backend.test's assert_similar_outputs):
 * the element type and shape must equal the expected ones; floats must satisfy numpy's
 * assert_allclose, |actual − expected| ≤ atol + rtol·|expected|, with NaN equal to NaN
 * and infinities equal only to themselves; integers and bool exactly. This is numpy's
 * rule, not Polygraphy's (verify-parity's usual one), so our counts match ONNX's.
 */
import { elementAsNumber, isBigIntType, isFloatType, type HostTensor } from '../../graph/host-tensor.js';
import { formatShape } from '../../graph/format-shape.js';
import type { Tolerance } from '../parity/tensor-comparison.js';

/** ONNX's backend-test defaults. */
export const ONNX_BACKEND_TOLERANCE: Tolerance = { rtol: 1e-3, atol: 1e-7 };

export interface FirstDifference {
  output: string;
  /** Position of the first differing element (one index per dimension), or null for a type/shape mismatch. */
  index: number[] | null;
  /** Expected and actual values as text (exact for 64-bit integers), or the types/shapes. */
  expected: string;
  actual: string;
  /** How many elements differ (all of them for a type/shape mismatch). */
  differing: number;
  elements: number;
}

function unflatten(flat: number, dims: readonly number[]): number[] {
  const index = new Array<number>(dims.length).fill(0);
  for (let d = dims.length - 1; d >= 0; d--) {
    const size = dims[d]!;
    index[d] = size === 0 ? 0 : flat % size;
    flat = size === 0 ? 0 : Math.floor(flat / size);
  }
  return index;
}

function closeEnough(want: number, got: number, tolerance: Tolerance): boolean {
  if (want === got || (Number.isNaN(want) && Number.isNaN(got))) return true;
  if (!Number.isFinite(want) || !Number.isFinite(got)) return false;
  return Math.abs(got - want) <= tolerance.atol + tolerance.rtol * Math.abs(want);
}

function text(t: HostTensor, i: number): string {
  return isBigIntType(t.type) ? String(t.data[i]) : String(elementAsNumber(t, i));
}

/** Null when `actual` passes; otherwise the first differing element and how many differ. */
export function firstDifference(output: string, expected: HostTensor, actual: HostTensor, tolerance: Tolerance = ONNX_BACKEND_TOLERANCE): FirstDifference | null {
  const elements = expected.data.length;
  if (expected.type !== actual.type) return { output, index: null, expected: expected.type, actual: actual.type, differing: elements, elements };
  const shape = formatShape(expected.dims);
  if (shape !== formatShape(actual.dims)) return { output, index: null, expected: shape, actual: formatShape(actual.dims), differing: elements, elements };
  const exact = !isFloatType(expected.type);
  let first = -1;
  let differing = 0;
  for (let i = 0; i < elements; i++) {
    const same = exact ? expected.data[i] === actual.data[i] : closeEnough(elementAsNumber(expected, i), elementAsNumber(actual, i), tolerance);
    if (same) continue;
    differing++;
    if (first < 0) first = i;
  }
  if (first < 0) return null;
  return { output, index: unflatten(first, expected.dims), expected: text(expected, first), actual: text(actual, first), differing, elements };
}

/** `output "y" [0,2]: expected 1.5, got 1.25 (3 of 12 differ)`, or the type/shape mismatch. */
export function describeDifference(d: FirstDifference): string {
  if (d.index === null) return `output "${d.output}": ${d.actual} instead of ${d.expected}`;
  return `output "${d.output}" [${d.index.join(',')}]: expected ${d.expected}, got ${d.actual} (${d.differing} of ${d.elements} differ)`;
}
