/** MaxPool, AveragePool and the global pools on small hand-computed cases. */
import { describe, expect, it } from 'vitest';
import { averagePool, globalAveragePool, globalMaxPool, maxPool } from '../../../src/graph/executor/kernels/pool.js';
import { floats, int, ints, iota, runKernel, STORAGES, values } from './run-kernel.js';

describe.each(STORAGES)('pools (%s storage)', (storage) => {
  it('MaxPool takes each window maximum and, when asked, its flat index (row- or column-major)', () => {
    const [y, indices] = runKernel(maxPool, [iota([1, 2, 3, 3])], { attrs: { kernel_shape: ints([2, 2]) }, outputs: 2, storage });
    expect(y!.dims).toEqual([1, 2, 2, 2]);
    expect(values(y!)).toEqual([4, 5, 7, 8, 13, 14, 16, 17]);
    expect(indices!.type).toBe('int64');
    expect(values(indices!)).toEqual([4, 5, 7, 8, 13, 14, 16, 17]);
    const [, colMajor] = runKernel(maxPool, [iota([1, 1, 3, 3])], { attrs: { kernel_shape: ints([2, 2]), storage_order: int(1) }, outputs: 2, storage });
    expect(values(colMajor!)).toEqual([4, 7, 5, 8]);
  });

  it('MaxPool computes Indices only when the node lists them', () => {
    expect(runKernel(maxPool, [iota([1, 1, 3, 3])], { attrs: { kernel_shape: ints([2, 2]) }, storage })).toHaveLength(1);
  });

  it('ceil_mode adds the partial last window, but not one starting in the end padding', () => {
    const y = runKernel(maxPool, [iota([1, 1, 4, 4])], { attrs: { kernel_shape: ints([3, 3]), strides: ints([2, 2]), ceil_mode: int(1) }, storage })[0]!;
    expect(y.dims).toEqual([1, 1, 2, 2]);
    expect(values(y)).toEqual([10, 11, 14, 15]);
    const z = runKernel(maxPool, [iota([1, 1, 4])], { attrs: { kernel_shape: ints([2]), strides: ints([2]), pads: ints([0, 1]), ceil_mode: int(1) }, storage })[0]!;
    expect(z.dims).toEqual([1, 1, 2]);
    expect(values(z)).toEqual([1, 3]);
  });

  it('AveragePool divides by the window inside the image, or with count_include_pad by the padded window', () => {
    const attrs = { kernel_shape: ints([2, 2]), pads: ints([1, 1, 1, 1]), strides: ints([2, 2]) };
    expect(values(runKernel(averagePool, [iota([1, 1, 3, 3])], { attrs, storage })[0]!)).toEqual([0, 1.5, 4.5, 6]);
    const included = runKernel(averagePool, [iota([1, 1, 3, 3])], { attrs: { ...attrs, count_include_pad: int(1) }, storage })[0]!;
    expect(values(included)).toEqual([0, 0.75, 2.25, 6]);
  });

  it('global pools reduce each channel plane to 1×1', () => {
    const avg = runKernel(globalAveragePool, [iota([1, 2, 2, 2])], { storage })[0]!;
    expect(avg.dims).toEqual([1, 2, 1, 1]);
    expect(values(avg)).toEqual([1.5, 5.5]);
    expect(values(runKernel(globalMaxPool, [iota([1, 2, 2, 2])], { storage })[0]!)).toEqual([3, 7]);
  });

  it('MaxPool keeps 8-bit integer types', () => {
    const x = { type: 'uint8' as const, dims: [1, 1, 2, 2], data: Uint8Array.from([1, 200, 3, 4]) };
    const y = runKernel(maxPool, [x], { attrs: { kernel_shape: ints([2, 2]) }, storage })[0]!;
    expect(y.type).toBe('uint8');
    expect(values(y)).toEqual([200]);
  });

  it('refuses a pool without kernel_shape, naming the node', () => {
    expect(() => runKernel(maxPool, [iota([1, 1, 2, 2])], { storage })).toThrow(/node "n" \(Op\): attribute "kernel_shape" is required/);
  });

  it('names the axis when a window does not fit', () => {
    expect(() => runKernel(averagePool, [floats([1, 1, 2], [1, 2])], { attrs: { kernel_shape: ints([3]) }, storage })).toThrow(/does not fit spatial axis 0 of size 2/);
  });
});
