import { describe, expect, it } from 'vitest';
import { compareOutputs, elementDifference, elementFails, type CompareInput } from '../../../src/runtime/parity/compare.js';

const labels = ['cat', 'dog', 'frog'];

function input(expected: number[], actual: number[], over: Partial<CompareInput> = {}): CompareInput {
  const images = expected.length / 3;
  return {
    runtime: 'candidate',
    reference: 'ref',
    expected: Float32Array.from(expected),
    actual: Float32Array.from(actual),
    images,
    classes: 3,
    tolerance: { atol: 1e-5, rtol: 1e-5 },
    names: Array.from({ length: images }, (_, i) => `img${i}.png`),
    labels,
    ...over,
  };
}

describe('Polygraphy elementwise rule', () => {
  const tol = { atol: 1e-3, rtol: 1e-2 };
  it('fails an element only when it is beyond atol AND beyond rtol*|ref|', () => {
    expect(elementFails(2e-3, 1, tol)).toBe(false); // within rtol: 2e-3 <= 1e-2 * 1
    expect(elementFails(2e-3, 0.1, tol)).toBe(true); // beyond both: 2e-3 > 1e-3 and > 1e-3
    expect(elementFails(5e-4, 0, tol)).toBe(false); // within atol although rtol*|0| is 0
    expect(elementFails(1e-3, 0, tol)).toBe(false); // the bound itself passes
  });

  it('treats equal non-finite values as equal and any other non-finite mismatch as infinite', () => {
    expect(elementDifference(NaN, NaN)).toBe(0);
    expect(elementDifference(Infinity, Infinity)).toBe(0);
    expect(elementDifference(1, NaN)).toBe(Infinity);
    expect(elementDifference(Infinity, -Infinity)).toBe(Infinity);
    expect(elementDifference(-2, 1)).toBe(3);
  });
});

describe('compareOutputs', () => {
  it('reports exact statistics of the absolute and relative differences', () => {
    const expected = [1, 2, 4, 1, 2, 4];
    const actual = [1, 2.5, 4, 1, 2, 3];
    const c = compareOutputs(input(expected, actual, { tolerance: { atol: 0.1, rtol: 0 } }));
    expect(c.elements).toBe(6);
    expect(c.maxAbsDiff).toBe(1);
    expect(c.meanAbsDiff).toBeCloseTo(1.5 / 6, 12);
    expect(c.maxRelDiff).toBe(0.25); // 0.5/2 and 1/4 both 0.25
    expect(c.p99AbsDiff).toBe(1); // nearest rank of 6 values is the largest
    expect(c.failingElements).toBe(2);
    expect(c.worst).toEqual({ image: 1, name: 'img1.png', class: 2, reference: 4, actual: 3, absDiff: 1 });
    expect(c.pass).toBe(false);
  });

  it('takes p99 by nearest rank over all elements', () => {
    const n = 300; // 100 images x 3 classes; the 3 largest differences are above p99's rank
    const expected = new Array(n).fill(0);
    const actual = Array.from({ length: n }, (_, i) => (i < 3 ? 10 : i * 1e-6));
    const c = compareOutputs(input(expected, actual, { tolerance: { atol: 100, rtol: 0 } }));
    // Sorted ascending, rank ceil(0.99*300) = 297 → the 297th smallest: the largest of the small ones.
    expect(c.p99AbsDiff).toBe(Math.fround(299e-6)); // inputs are float32
    expect(c.maxAbsDiff).toBe(10);
  });

  it('passes identical outputs with 100% agreement and no failing values', () => {
    const values = [0.1, -3, 2, 5, 4, -1];
    const c = compareOutputs(input(values, values));
    expect(c).toMatchObject({ pass: true, failingElements: 0, maxAbsDiff: 0, maxRelDiff: 0, top1Agreement: 1, flips: [] });
    expect(c.histogram.find((b) => b.label === '0')!.count).toBe(6);
  });

  it('lists every top-1 flip with labels and the reference margin, even within tolerance', () => {
    // Image 0 is a near tie (cat 1.000000 vs dog 0.999999): the candidate flips it inside tolerance.
    const expected = [1, 0.999999, 0, 0, 0, 9];
    const actual = [0.999999, 1, 0, 0, 0, 9];
    const c = compareOutputs(input(expected, actual));
    expect(c.failingElements).toBe(0);
    expect(c.flips).toHaveLength(1);
    expect(c.flips[0]).toMatchObject({ image: 0, name: 'img0.png', reference: { index: 0, label: 'cat' }, runtime: { index: 1, label: 'dog' } });
    expect(c.flips[0]!.referenceMargin).toBeCloseTo(1e-6, 6);
    expect(c.top1Agreement).toBe(0.5);
    expect(c.pass).toBe(false);
  });

  it('gives Infinity as the relative difference where the reference is 0 and the value is not', () => {
    const c = compareOutputs(input([0, 1, 2], [1e-9, 1, 2]));
    expect(c.maxRelDiff).toBe(Infinity);
    expect(c.pass).toBe(true); // 1e-9 is within atol
  });

  it('refuses outputs of the wrong size', () => {
    expect(() => compareOutputs(input([1, 2, 3], [1, 2]))).toThrow(/expected 3 values/);
  });
});
