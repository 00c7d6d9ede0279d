/** Pad: every mode, pads as attribute (before opset 11) or input, the axes input (opset 18), cropping. */
import { describe, expect, it } from 'vitest';
import { pad } from '../../../src/graph/executor/kernels/pad.js';
import { float, floats, int64, ints, runKernel, str, values } from './run-kernel.js';

describe('Pad', () => {
  const x = floats([3], [1, 2, 3]);
  const run = (mode: string, pads: number[], value?: number) =>
    values(runKernel(pad, [x, int64(pads), value === undefined ? undefined : floats([], [value])], { opset: 19, attrs: { mode: str(mode) } })[0]!);

  it('fills with the constant, reflects without repeating the edge, repeats the edge, or wraps', () => {
    expect(run('constant', [2, 1], 9)).toEqual([9, 9, 1, 2, 3, 9]);
    expect(run('constant', [1, 0])).toEqual([0, 1, 2, 3]);
    expect(run('reflect', [2, 2])).toEqual([3, 2, 1, 2, 3, 2, 1]);
    expect(run('edge', [2, 1])).toEqual([1, 1, 1, 2, 3, 3]);
    expect(run('wrap', [2, 1])).toEqual([2, 3, 1, 2, 3, 1]);
  });

  it('crops with negative pads', () => {
    expect(run('constant', [-1, 1])).toEqual([2, 3, 0]);
  });

  it('takes pads and value from attributes before opset 11', () => {
    const y = runKernel(pad, [x], { opset: 2, attrs: { pads: ints([1, 0]), value: float(5) } })[0]!;
    expect(values(y)).toEqual([5, 1, 2, 3]);
  });

  it('pads only the listed axes from opset 18', () => {
    const y = runKernel(pad, [floats([2, 2], [1, 2, 3, 4]), int64([1, 0]), undefined, int64([-1])], { opset: 18 })[0]!;
    expect(y.dims).toEqual([2, 3]);
    expect(values(y)).toEqual([0, 1, 2, 0, 3, 4]);
  });

  it('pads int64 tensors', () => {
    const y = runKernel(pad, [int64([7, 8]), int64([1, 1]), int64([-1])], { opset: 13 })[0]!;
    expect(y.type).toBe('int64');
    expect(values(y)).toEqual([-1, 7, 8, -1]);
  });

  it('names the pads count that does not fit the rank', () => {
    expect(() => runKernel(pad, [x, int64([1, 1, 1, 1])], { opset: 13 })).toThrow(/pads has 4 values for 1 axes; 2 are needed/);
  });
});
