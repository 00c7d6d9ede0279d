/**
 * ONNX's backend-test rule (numpy's assert_allclose: |a − e| ≤ atol + rtol·|e|), which
 * is not Polygraphy's (beyond atol AND beyond rtol·|e|): the conformance verdicts must
 * use ONNX's rule to count what ONNX's own runner counts.
 */
import { describe, expect, it } from 'vitest';
import type { HostTensor } from '../../../src/graph/host-tensor.js';
import { describeDifference, firstDifference } from '../../../src/runtime/conformance/first-difference.js';

const f32 = (dims: number[], values: number[]): HostTensor => ({ type: 'float32', dims, data: Float32Array.from(values) });
const tol = { atol: 1e-7, rtol: 1e-3 };

describe('firstDifference', () => {
  it('allows atol + rtol·|expected| together, as numpy does', () => {
    const f64 = (values: number[]): HostTensor => ({ type: 'float64', dims: [values.length], data: Float64Array.from(values) });
    // 1.00005e-3 off 1: beyond atol and beyond rtol·1 (Polygraphy would fail it), within their sum (numpy passes it).
    expect(firstDifference('y', f64([1]), f64([1.00100005]), tol)).toBeNull();
    expect(firstDifference('y', f64([1]), f64([1.0010002]), tol)).toMatchObject({ index: [0] });
    // Next to an exact zero only atol counts.
    const d = firstDifference('y', f32([2, 2], [1, 2, 0, 4]), f32([2, 2], [1, 2, 2e-7, 5]), tol)!;
    expect(d).toMatchObject({ output: 'y', index: [1, 0], expected: '0', differing: 2, elements: 4 });
    expect(describeDifference(d)).toMatch(/^output "y" \[1,0\]: expected 0, got 2\.\d+e-7 \(2 of 4 differ\)$/);
  });

  it('treats NaN as equal to NaN and infinities only as themselves', () => {
    expect(firstDifference('y', f32([3], [NaN, Infinity, -Infinity]), f32([3], [NaN, Infinity, -Infinity]), tol)).toBeNull();
    expect(firstDifference('y', f32([2], [Infinity, 1]), f32([2], [1e38, 1]), tol)).toMatchObject({ index: [0], expected: 'Infinity' });
    expect(firstDifference('y', f32([1], [1]), f32([1], [NaN]), tol)).toMatchObject({ index: [0], actual: 'NaN' });
  });

  it('compares integers exactly (int64 without rounding) and refuses other types and shapes', () => {
    const big = (v: bigint): HostTensor => ({ type: 'int64', dims: [1], data: BigInt64Array.of(v) });
    expect(firstDifference('i', big(9007199254740993n), big(9007199254740992n), tol)).toMatchObject({ expected: '9007199254740993', actual: '9007199254740992' });
    expect(firstDifference('y', f32([2], [1, 2]), { type: 'float64', dims: [2], data: Float64Array.of(1, 2) }, tol)).toMatchObject({ index: null, expected: 'float32', actual: 'float64' });
    expect(describeDifference(firstDifference('y', f32([2], [1, 2]), f32([1, 2], [1, 2]), tol)!)).toBe('output "y": [1,2] instead of [2]');
  });
});
