/** Softmax / LogSoftmax: the axis semantics before and from opset 13, and large inputs. */
import { describe, expect, it } from 'vitest';
import { logSoftmax, softmax } from '../../../src/graph/executor/kernels/softmax.js';
import { floats, int, runKernel, STORAGES, values } from './run-kernel.js';

describe.each(STORAGES)('Softmax (%s storage)', (storage) => {
  const zeros = floats([1, 2, 2], [0, 0, 0, 0]);

  it('from opset 13 runs along one axis (default -1)', () => {
    expect(values(runKernel(softmax, [zeros], { opset: 13, storage })[0]!)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('before opset 13 flattens everything from axis (default 1) into one row', () => {
    expect(values(runKernel(softmax, [zeros], { opset: 11, storage })[0]!)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(values(runKernel(softmax, [zeros], { opset: 11, attrs: { axis: int(-1) }, storage })[0]!)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('runs along a middle axis', () => {
    const y = runKernel(softmax, [floats([1, 2, 2], [0, 0, Math.log(3), 0])], { opset: 13, attrs: { axis: int(1) }, storage })[0]!;
    const v = values(y);
    expect(v[0]).toBeCloseTo(0.25, 6);
    expect(v[1]).toBeCloseTo(0.5, 6);
    expect(v[2]).toBeCloseTo(0.75, 6);
    expect(v[3]).toBeCloseTo(0.5, 6);
  });

  it('LogSoftmax is log of Softmax, and neither overflows on large inputs', () => {
    const y = values(runKernel(logSoftmax, [floats([1, 2], [0, Math.log(3)])], { storage })[0]!);
    expect(y[0]).toBeCloseTo(Math.log(0.25), 6);
    expect(y[1]).toBeCloseTo(Math.log(0.75), 6);
    expect(values(runKernel(softmax, [floats([2], [1000, 1000])], { storage })[0]!)).toEqual([0.5, 0.5]);
    for (const v of values(runKernel(logSoftmax, [floats([2], [1000, 1000])], { storage })[0]!)) expect(v).toBeCloseTo(-Math.log(2), 6);
  });
});
