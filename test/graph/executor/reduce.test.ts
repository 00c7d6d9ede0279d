/** ReduceSum / ReduceMean / ReduceMax: axes as attribute or input by opset, keepdims, noop_with_empty_axes. */
import { describe, expect, it } from 'vitest';
import { reduceMax, reduceMean, reduceSum } from '../../../src/graph/executor/kernels/reduce.js';
import { int, int64, ints, iota, runKernel, values } from './run-kernel.js';

describe('reductions', () => {
  const x = iota([2, 3]); // [[0, 1, 2], [3, 4, 5]]

  it('take the axes from the attribute before opset 13 (ReduceSum) / 18 (the others)', () => {
    const y = runKernel(reduceSum, [x], { opset: 11, attrs: { axes: ints([1]), keepdims: int(0) } })[0]!;
    expect(y.dims).toEqual([2]);
    expect(values(y)).toEqual([3, 12]);
    const m = runKernel(reduceMean, [x], { opset: 13, attrs: { axes: ints([-1]) } })[0]!;
    expect(m.dims).toEqual([2, 1]);
    expect(values(m)).toEqual([1, 4]);
  });

  it('take the axes from the second input from opset 13 (ReduceSum) / 18 (the others)', () => {
    const y = runKernel(reduceSum, [x, int64([0])], { opset: 13 })[0]!;
    expect(y.dims).toEqual([1, 3]);
    expect(values(y)).toEqual([3, 5, 7]);
    const m = runKernel(reduceMax, [x, int64([0])], { opset: 18, attrs: { keepdims: int(0) } })[0]!;
    expect(values(m)).toEqual([3, 4, 5]);
  });

  it('reduce every axis when there are none, unless noop_with_empty_axes', () => {
    const all = runKernel(reduceSum, [x], { opset: 13 })[0]!;
    expect(all.dims).toEqual([1, 1]);
    expect(values(all)).toEqual([15]);
    const same = runKernel(reduceSum, [x, int64([])], { opset: 13, attrs: { noop_with_empty_axes: int(1) } })[0]!;
    expect(same.dims).toEqual([2, 3]);
    expect(values(same)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('ReduceMax keeps int64', () => {
    const y = runKernel(reduceMax, [int64([3, -7, 9, 2], [2, 2]), int64([1])], { opset: 18 })[0]!;
    expect(y.type).toBe('int64');
    expect(values(y)).toEqual([3, 9]);
  });

  it('names an axis out of range', () => {
    expect(() => runKernel(reduceSum, [x, int64([2])], { opset: 13 })).toThrow(/axis 2 is out of range for rank 2/);
  });
});
