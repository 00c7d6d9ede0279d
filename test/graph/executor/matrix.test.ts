/** Gemm and MatMul on hand-computed cases: every Gemm attribute, MatMul's 1-D and broadcast rules. */
import { describe, expect, it } from 'vitest';
import { gemm } from '../../../src/graph/executor/kernels/gemm.js';
import { matMul } from '../../../src/graph/executor/kernels/matmul.js';
import { float, floats, int, runKernel, STORAGES, values } from './run-kernel.js';

describe.each(STORAGES)('Gemm and MatMul (%s storage)', (storage) => {
  const A = floats([2, 3], [1, 2, 3, 4, 5, 6]);
  const B = floats([3, 2], [1, 0, 0, 1, 1, 1]); // A·B = [[4, 5], [10, 11]]
  const scaled = { alpha: float(2), beta: float(0.5) };

  it('Gemm: alpha·A·B + beta·C with C broadcast from [N], [M, 1] or a scalar, or absent', () => {
    const run = (C: ReturnType<typeof floats> | undefined, attrs = {}) => runKernel(gemm, [A, B, C], { attrs, storage })[0]!;
    expect(values(run(floats([2], [2, 4]), scaled))).toEqual([9, 12, 21, 24]);
    expect(values(run(floats([2, 1], [2, 4]), scaled))).toEqual([9, 11, 22, 24]);
    expect(values(run(floats([], [1]), scaled))).toEqual([8.5, 10.5, 20.5, 22.5]);
    expect(values(run(undefined))).toEqual([4, 5, 10, 11]);
  });

  it('Gemm transposes A and B as asked', () => {
    const At = floats([3, 2], [1, 4, 2, 5, 3, 6]), Bt = floats([2, 3], [1, 0, 1, 0, 1, 1]);
    const y = runKernel(gemm, [At, Bt], { attrs: { transA: int(1), transB: int(1) }, storage })[0]!;
    expect(y.dims).toEqual([2, 2]);
    expect(values(y)).toEqual([4, 5, 10, 11]);
  });

  it('Gemm names the sizes that do not match', () => {
    expect(() => runKernel(gemm, [A, A], { storage })).toThrow(/op\(A\) is \[2,3\] and op\(B\) is \[2,3\]: inner sizes differ/);
  });

  it('MatMul: 1-D operands are a row and a column, and their axis is dropped', () => {
    const dot = runKernel(matMul, [floats([3], [1, 2, 3]), floats([3], [4, 5, 6])], { storage })[0]!;
    expect(dot.dims).toEqual([]);
    expect(values(dot)).toEqual([32]);
    const mv = runKernel(matMul, [floats([2, 2], [1, 2, 3, 4]), floats([2], [1, 1])], { storage })[0]!;
    expect(mv.dims).toEqual([2]);
    expect(values(mv)).toEqual([3, 7]);
  });

  it('MatMul broadcasts the stacks', () => {
    const y = runKernel(matMul, [floats([2, 1, 2], [1, 2, 3, 4]), floats([2, 1], [1, 1])], { storage })[0]!;
    expect(y.dims).toEqual([2, 1, 1]);
    expect(values(y)).toEqual([3, 7]);
    const z = runKernel(matMul, [floats([1, 2], [1, 2]), floats([3, 2, 1], [1, 1, 2, 2, 3, 3])], { storage })[0]!;
    expect(z.dims).toEqual([3, 1, 1]);
    expect(values(z)).toEqual([3, 6, 9]);
  });

  it('MatMul multiplies int32 exactly', () => {
    const a = { type: 'int32' as const, dims: [1, 2], data: Int32Array.from([2, 3]) };
    const y = runKernel(matMul, [a, { ...a, dims: [2, 1] }], { storage })[0]!;
    expect(y.type).toBe('int32');
    expect(values(y)).toEqual([13]);
  });
});
