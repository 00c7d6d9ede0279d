/**
 * How far one captured tensor is from the reference's, under the parity check's own
 * rules (tensor-comparison.ts: Polygraphy's tolerance for floats, exact integers and
 * bool, NaN/Inf positions, shapes).
 */
import type { HostTensor } from '../../graph/host-tensor.js';
import { compareTensors, type Tolerance } from '../parity/tensor-comparison.js';

export interface TensorDivergence {
  maxAbsDiff: number;
  failingElements: number;
  elements: number;
  /** Set when the two tensors differ in shape or type (then every element counts as failing). */
  shapeMismatch: string | null;
}

export function tensorDivergence(expected: HostTensor, actual: HostTensor, tolerance: Tolerance): TensorDivergence {
  const c = compareTensors(expected, actual, { output: '', tolerance, top1: false, labels: [] });
  return { maxAbsDiff: c.maxAbsDiff, failingElements: c.failingElements, elements: c.elements, shapeMismatch: c.mismatch };
}
