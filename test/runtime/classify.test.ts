import { describe, expect, it } from 'vitest';
import { argmax, argmaxRows } from '../../src/util/argmax.js';
import { softmax, topK, topMargin } from '../../src/runtime/classify.js';

describe('classify', () => {
  it('argmax takes the first of equal maxima and never picks NaN', () => {
    expect(argmax([1, 3, 3, 2])).toBe(1);
    expect(argmax([NaN, -5, -7])).toBe(1);
    expect(argmax([-Infinity, -Infinity])).toBe(0);
    expect(Array.from(argmaxRows([0, 1, 5, 2, 2, 1], 2, 3))).toEqual([2, 0]);
  });

  it('softmax sums to 1 and survives huge logits', () => {
    const p = softmax([1000, 999, -1000]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(p[0]! / p[1]!).toBeCloseTo(Math.E, 9);
    expect(p[2]).toBe(0);
  });

  it('topK sorts by probability and names classes', () => {
    expect(topK([0.1, 0.6, 0.3], ['a', 'b', 'c'], 2)).toEqual([
      { index: 1, label: 'b', probability: 0.6 },
      { index: 2, label: 'c', probability: 0.3 },
    ]);
  });

  it('topMargin is the gap between the two largest values', () => {
    expect(topMargin([0, 4, 1, 3.5], 0, 4)).toBe(0.5);
  });
});
