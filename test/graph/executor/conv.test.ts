/** Conv and ConvTranspose on small hand-computed cases, in both float storages. */
import { describe, expect, it } from 'vitest';
import { conv } from '../../../src/graph/executor/kernels/conv.js';
import { convTranspose } from '../../../src/graph/executor/kernels/conv-transpose.js';
import { floats, int, ints, iota, runKernel, STORAGES, str, values } from './run-kernel.js';

const ones = (dims: number[]) => floats(dims, new Array(dims.reduce((a, b) => a * b, 1)).fill(1));

describe.each(STORAGES)('Conv (%s storage)', (storage) => {
  const run = (inputs: Parameters<typeof runKernel>[1], attrs = {}) => runKernel(conv, inputs, { attrs, storage })[0]!;

  it('sums each 2×2 window of a 3×3 image and adds the bias', () => {
    const y = run([iota([1, 1, 3, 3]), ones([1, 1, 2, 2]), floats([1], [1])]);
    expect(y.type).toBe(storage);
    expect(y.dims).toEqual([1, 1, 2, 2]);
    expect(values(y)).toEqual([9, 13, 21, 25]);
  });

  it('pads with zeros and strides', () => {
    const y = run([iota([1, 1, 3, 3]), ones([1, 1, 2, 2])], { pads: ints([1, 1, 1, 1]), strides: ints([2, 2]) });
    expect(values(y)).toEqual([0, 3, 9, 24]);
  });

  it('runs depthwise (group = channels), each channel with its own filter', () => {
    const y = run([iota([1, 2, 1, 3]), floats([2, 1, 1, 2], [1, 1, 1, -1])], { group: int(2) });
    expect(y.dims).toEqual([1, 2, 1, 2]);
    expect(values(y)).toEqual([1, 3, -1, -1]);
  });

  it('dilates a 1-D kernel', () => {
    const y = run([iota([1, 1, 5]), ones([1, 1, 2])], { dilations: ints([2]) });
    expect(values(y)).toEqual([2, 4, 6]);
  });

  it('puts the odd unit of SAME padding at the end (SAME_UPPER) or the start (SAME_LOWER)', () => {
    const x = floats([1, 1, 4], [1, 2, 3, 4]), w = floats([1, 1, 2], [1, 10]);
    expect(values(run([x, w], { auto_pad: str('SAME_UPPER') }))).toEqual([21, 32, 43, 4]);
    expect(values(run([x, w], { auto_pad: str('SAME_LOWER') }))).toEqual([10, 21, 32, 43]);
  });

  it('runs 3-D', () => {
    expect(values(run([iota([1, 1, 2, 2, 2]), ones([1, 1, 2, 2, 2])]))).toEqual([28]);
  });

  it('names the node and the shapes when W does not fit X and group', () => {
    expect(() => run([iota([1, 2, 3, 3]), ones([1, 1, 2, 2])])).toThrow(/node "n" \(Op\): X has 2 channels, W is \[1,1,2,2\]: with group 1/);
  });
});

describe.each(STORAGES)('ConvTranspose (%s storage)', (storage) => {
  const run = (inputs: Parameters<typeof runKernel>[1], attrs = {}) => runKernel(convTranspose, inputs, { attrs, storage })[0]!;
  const x = floats([1, 1, 3], [1, 2, 3]);

  it('scatters each input through the kernel', () => {
    expect(values(run([x, ones([1, 1, 2])]))).toEqual([1, 3, 5, 3]);
  });

  it('strides, pads the end with output_padding, adds the bias', () => {
    expect(values(run([x, ones([1, 1, 2])], { strides: ints([2]) }))).toEqual([1, 1, 2, 2, 3, 3]);
    const y = run([x, ones([1, 1, 2]), floats([1], [0.5])], { strides: ints([2]), output_padding: ints([1]) });
    expect(values(y)).toEqual([1.5, 1.5, 2.5, 2.5, 3.5, 3.5, 0.5]);
  });

  it('crops by pads, or grows to output_shape', () => {
    expect(values(run([x, ones([1, 1, 2])], { strides: ints([2]), pads: ints([1, 1]) }))).toEqual([1, 2, 2, 3]);
    expect(values(run([x, ones([1, 1, 2])], { strides: ints([2]), output_shape: ints([7]) }))).toEqual([1, 1, 2, 2, 3, 3, 0]);
  });

  it('maps input channels to output channels through W [C, M/group, k], by group', () => {
    const x2 = floats([1, 2, 1], [1, 2]);
    expect(values(run([x2, floats([2, 3, 1], [1, 2, 3, 10, 20, 30])]))).toEqual([21, 42, 63]);
    expect(values(run([x2, floats([2, 1, 1], [1, 10])], { group: int(2) }))).toEqual([1, 20]);
  });
});
