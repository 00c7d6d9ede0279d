/**
 * How far one captured tensor is from the reference's, under the parity check's own
 * rule (Polygraphy's: a value fails only beyond atol AND rtol·|reference|).
 */
import { formatShape } from '../../graph/format-shape.js';
import { elementDifference, elementFails, type Tolerance } from '../parity/compare.js';
import type { NamedTensor } from '../runtime.js';

export interface TensorDivergence {
  maxAbsDiff: number;
  failingElements: number;
  elements: number;
  /** Set when the two tensors do not even have the same shape (then every element counts as failing). */
  shapeMismatch: string | null;
}

export function tensorDivergence(expected: NamedTensor, actual: NamedTensor, tolerance: Tolerance): TensorDivergence {
  const elements = expected.data.length;
  if (expected.dims.join(',') !== actual.dims.join(',') || actual.data.length !== elements) {
    return { maxAbsDiff: Infinity, failingElements: elements, elements, shapeMismatch: `${formatShape(actual.dims)} instead of ${formatShape(expected.dims)}` };
  }
  let maxAbsDiff = 0;
  let failingElements = 0;
  for (let i = 0; i < elements; i++) {
    const d = elementDifference(expected.data[i]!, actual.data[i]!);
    if (d > maxAbsDiff) maxAbsDiff = d;
    if (elementFails(d, expected.data[i]!, tolerance)) failingElements++;
  }
  return { maxAbsDiff, failingElements, elements, shapeMismatch: null };
}
