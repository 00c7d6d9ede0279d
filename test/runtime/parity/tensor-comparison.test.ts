import { describe, expect, it } from 'vitest';
import type { HostTensor } from '../../../src/graph/host-tensor.js';
import { numberToHalfBits } from '../../../src/graph/host-tensor.js';
import { compareTensors, TensorComparer, type TensorComparerOptions } from '../../../src/runtime/parity/tensor-comparison.js';

const loose: TensorComparerOptions = { output: 'y', tolerance: { atol: 1e9, rtol: 1e9 }, top1: false, labels: [] };
const f32 = (dims: number[], values: number[]): HostTensor => ({ type: 'float32', dims, data: Float32Array.from(values) });

describe('integers and bool are compared exactly, whatever the tolerance', () => {
  it('int64 values one apart beyond 2^53 fail', () => {
    const big = 2n ** 60n;
    const want: HostTensor = { type: 'int64', dims: [2], data: BigInt64Array.from([big, 5n]) };
    const got: HostTensor = { type: 'int64', dims: [2], data: BigInt64Array.from([big + 1n, 5n]) };
    const c = compareTensors(want, got, loose);
    expect(c).toMatchObject({ rule: 'exact', failingElements: 1, maxAbsDiff: 1, pass: false });
  });

  it('bool and uint8', () => {
    const want: HostTensor = { type: 'bool', dims: [3], data: Uint8Array.from([1, 0, 1]) };
    expect(compareTensors(want, { ...want, data: Uint8Array.from([1, 0, 1]) }, loose).pass).toBe(true);
    expect(compareTensors(want, { ...want, data: Uint8Array.from([1, 1, 1]) }, loose).failingElements).toBe(1);
  });

  it('an int32 output where int64 is expected is a type mismatch', () => {
    const want: HostTensor = { type: 'int64', dims: [1], data: BigInt64Array.from([3n]) };
    const got: HostTensor = { type: 'int32', dims: [1], data: Int32Array.from([3]) };
    expect(compareTensors(want, got, loose)).toMatchObject({ mismatch: 'type int32 instead of int64', pass: false, failingElements: 1 });
  });
});

describe('floats: Polygraphy tolerance, NaN/Inf positions, shapes', () => {
  it('NaN and Infinity must sit where the reference has them, even with a huge tolerance', () => {
    const want = f32([4], [NaN, Infinity, 1, -Infinity]);
    expect(compareTensors(want, f32([4], [NaN, Infinity, 1, -Infinity]), loose).pass).toBe(true);
    const c = compareTensors(want, f32([4], [0, 3e38, NaN, -Infinity]), loose);
    expect(c).toMatchObject({ failingElements: 3, nonFiniteMismatches: 3, pass: false });
  });

  it('fails only beyond both atol and rtol·|ref|', () => {
    const tol = { ...loose, tolerance: { atol: 1e-3, rtol: 1e-2 } };
    const c = compareTensors(f32([3], [1, 0.1, 0]), f32([3], [1.002, 0.102, 0.0005]), tol);
    expect(c.failingElements).toBe(1); // 0.1 → 0.102: 2e-3 > 1e-3 and > 1e-3
    expect(c.rule).toBe('tolerance');
  });

  it('a different shape fails every element and says which shapes', () => {
    const c = compareTensors(f32([2, 3], [1, 2, 3, 4, 5, 6]), f32([3, 2], [1, 2, 3, 4, 5, 6]), loose);
    expect(c).toMatchObject({ mismatch: 'shape [3,2] instead of [2,3]', failingElements: 6, elements: 6, pass: false, maxAbsDiff: Infinity });
  });

  it('float16 is compared by value against float32', () => {
    const half: HostTensor = { type: 'float16', dims: [2], data: Uint16Array.from([numberToHalfBits(0.5), numberToHalfBits(-2)]) };
    expect(compareTensors(f32([2], [0.5, -2]), half, { ...loose, tolerance: { atol: 0, rtol: 0 } }).pass).toBe(true);
  });
});

describe('streaming batches', () => {
  it('gives the same statistics as one whole tensor, with rows numbered across batches', () => {
    const options: TensorComparerOptions = { output: 'logits', tolerance: { atol: 1e-5, rtol: 1e-5 }, top1: true, labels: ['a', 'b', 'c'] };
    const want = [0, 1, 2, 5, 4, 3, 1, 1, 0, 9, 8, 7];
    const got = [0, 1, 2, 5, 4, 3, 1, 2, 0, 9, 8, 7.5];
    const whole = compareTensors(f32([4, 3], want), f32([4, 3], got), options, ['r0', 'r1', 'r2', 'r3']);
    const streamed = new TensorComparer(options);
    streamed.add(f32([2, 3], want.slice(0, 6)), f32([2, 3], got.slice(0, 6)), { start: 0, names: ['r0', 'r1'] });
    streamed.add(f32([2, 3], want.slice(6)), f32([2, 3], got.slice(6)), { start: 2, names: ['r2', 'r3'] });
    expect(streamed.result()).toEqual(whole);
    expect(whole.flips).toEqual([{ image: 2, name: 'r2', reference: { index: 0, label: 'a' }, runtime: { index: 1, label: 'b' }, referenceMargin: 0 }]);
    expect(whole.top1Agreement).toBe(0.75);
    expect(whole.worst).toEqual({ image: 2, name: 'r2', class: 1, reference: 1, actual: 2, absDiff: 1 });
    expect(whole.p99AbsDiff).toBe(1);
  });

  it('has no top-1 where it is not asked for', () => {
    expect(compareTensors(f32([1, 2], [1, 2]), f32([1, 2], [2, 1]), loose)).toMatchObject({ top1Agreement: null, flips: [], pass: true });
  });
});
