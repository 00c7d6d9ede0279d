import { describe, expect, it } from 'vitest';
import { errorHistogram } from '../../../src/runtime/parity/error-histogram.js';

const countOf = (bins: ReturnType<typeof errorHistogram>, label: string) => bins.find((b) => b.label === label)!.count;

describe('errorHistogram', () => {
  it('counts differences by decade, exact powers of ten in the decade they start', () => {
    const bins = errorHistogram([0, 0, 1e-12, 1e-9, 5e-9, 1e-6, 9.99e-6, 1e-5, 0.5, 1, 7, Infinity, NaN]);
    expect(countOf(bins, '0')).toBe(2);
    expect(countOf(bins, '<1e-9')).toBe(1);
    expect(countOf(bins, '1e-9..1e-8')).toBe(2);
    expect(countOf(bins, '1e-6..1e-5')).toBe(2);
    expect(countOf(bins, '1e-5..1e-4')).toBe(1);
    expect(countOf(bins, '1e-1..1')).toBe(1);
    expect(countOf(bins, '>=1')).toBe(4); // 1, 7, Infinity and NaN
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(13);
  });

  it('has ordered, contiguous bounds', () => {
    const bins = errorHistogram([]).slice(1); // after the exact-zero bin
    for (let i = 1; i < bins.length; i++) expect(bins[i]!.lower).toBe(bins[i - 1]!.upper);
    expect(bins[bins.length - 1]!.upper).toBeNull();
  });
});
