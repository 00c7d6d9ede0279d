/** BatchNormalization (every opset form), InstanceNormalization, LayerNormalization on hand-computed cases. */
import { describe, expect, it } from 'vitest';
import { batchNormalization } from '../../../src/graph/executor/kernels/batch-normalization.js';
import { instanceNormalization } from '../../../src/graph/executor/kernels/instance-normalization.js';
import { layerNormalization } from '../../../src/graph/executor/kernels/layer-normalization.js';
import { float, floats, int, runKernel, STORAGES, values } from './run-kernel.js';

describe.each(STORAGES)('normalizations (%s storage)', (storage) => {
  const noEps = { epsilon: float(0) };

  it('BatchNormalization (inference) normalizes each channel by its running statistics', () => {
    const inputs = [floats([1, 2, 1, 2], [1, 2, 3, 4]), floats([2], [1, 2]), floats([2], [0, 1]), floats([2], [1, 3]), floats([2], [4, 1])];
    const [y] = runKernel(batchNormalization, inputs, { attrs: noEps, opset: 15, storage });
    expect(values(y!)).toEqual([0, 0.5, 1, 3]);
  });

  it('BatchNormalization before opset 9 with spatial = 0 has one statistic per element of a sample', () => {
    const inputs = [floats([2, 2], [1, 2, 3, 4]), floats([2], [1, 1]), floats([2], [0, 0]), floats([2], [2, 3]), floats([2], [1, 1])];
    const [y] = runKernel(batchNormalization, inputs, { attrs: { ...noEps, spatial: int(0) }, opset: 7, storage });
    expect(values(y!)).toEqual([-1, -1, 1, 1]);
  });

  it('BatchNormalization opset 6 with is_test = 1 is inference whatever the outputs', () => {
    const inputs = [floats([2, 1], [1, 3]), floats([1], [1]), floats([1], [0]), floats([1], [1]), floats([1], [1])];
    const out = runKernel(batchNormalization, inputs, { attrs: { ...noEps, is_test: int(1) }, opset: 6, outputs: 5, storage });
    expect(out).toHaveLength(1);
    expect(values(out[0]!)).toEqual([0, 2]);
  });

  it('BatchNormalization in training mode (opset 14) uses the batch statistics and returns updated running ones', () => {
    const inputs = [floats([2, 1], [1, 3]), floats([1], [1]), floats([1], [0]), floats([1], [0]), floats([1], [1])];
    const [y, mean, variance] = runKernel(batchNormalization, inputs, { attrs: { ...noEps, training_mode: int(1) }, opset: 15, outputs: 3, storage });
    expect(values(y!)).toEqual([-1, 1]);
    expect(values(mean!)[0]).toBeCloseTo(0.2, 6); // 0·0.9 + 2·0.1
    expect(values(variance!)[0]).toBeCloseTo(1, 6); // 1·0.9 + 1·0.1 (population variance of [1, 3])
  });

  it('BatchNormalization names the mismatched statistic', () => {
    const inputs = [floats([1, 2, 1], [1, 2]), floats([1], [1]), floats([2], [0, 0]), floats([2], [0, 0]), floats([2], [1, 1])];
    expect(() => runKernel(batchNormalization, inputs, { opset: 15, storage })).toThrow(/scale has 1 values; expected 2 \(one per channel\)/);
  });

  it('InstanceNormalization normalizes each (n, c) plane by its own statistics', () => {
    const [y] = runKernel(instanceNormalization, [floats([1, 1, 2], [1, 3]), floats([1], [2]), floats([1], [1])], { attrs: noEps, storage });
    expect(values(y!)).toEqual([-1, 3]);
  });

  it('LayerNormalization normalizes from `axis` on, scales, shifts, and returns Mean and InvStdDev', () => {
    const [y, mean, inv] = runKernel(layerNormalization, [floats([2, 2], [1, 3, 0, 4]), floats([2], [2, 1]), floats([2], [0, 1])],
      { attrs: noEps, opset: 17, outputs: 3, storage });
    expect(values(y!)).toEqual([-2, 2, -2, 2]);
    expect(mean!.dims).toEqual([2, 1]);
    expect(values(mean!)).toEqual([2, 2]);
    expect(values(inv!)).toEqual([1, 0.5]);
    const [all, allMean] = runKernel(layerNormalization, [floats([2, 2], [0, 0, 4, 4]), floats([2, 2], [1, 1, 1, 1])],
      { attrs: { ...noEps, axis: int(0) }, opset: 17, outputs: 2, storage });
    expect(values(all!)).toEqual([-1, -1, 1, 1]);
    expect(allMean!.dims).toEqual([1, 1]);
  });

  it('LayerNormalization broadcasts a Scale of size 1 over the normalized axes', () => {
    const [y] = runKernel(layerNormalization, [floats([1, 2], [1, 3]), floats([1], [3])], { attrs: noEps, opset: 17, storage });
    expect(values(y!)).toEqual([-3, 3]);
  });
});
