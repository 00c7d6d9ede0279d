/**
 * Absolute differences counted by decade — the shape of the error, which a max and a
 * mean hide: "all below 1e-6 but three near 1e-2" reads very differently from a smear.
 */

export interface HistogramBin {
  /** Readable range, e.g. "1e-7..1e-6", "0", ">=1". */
  label: string;
  /** Inclusive lower bound (0 for the exact-zero and the smallest bin). */
  lower: number;
  /** Exclusive upper bound; null for the open-ended last bin. */
  upper: number | null;
  count: number;
}

const SMALLEST_DECADE = -9;
const LARGEST_DECADE = 0;

function emptyBins(): HistogramBin[] {
  const bins: HistogramBin[] = [
    { label: '0', lower: 0, upper: 0, count: 0 },
    { label: `<1e${SMALLEST_DECADE}`, lower: 0, upper: 10 ** SMALLEST_DECADE, count: 0 },
  ];
  for (let e = SMALLEST_DECADE; e < LARGEST_DECADE; e++) {
    bins.push({ label: `1e${e}..${e + 1 === 0 ? '1' : `1e${e + 1}`}`, lower: 10 ** e, upper: 10 ** (e + 1), count: 0 });
  }
  bins.push({ label: '>=1', lower: 1, upper: null, count: 0 });
  return bins;
}

/** Index of the bin holding `d` (NaN counts as the largest error). */
function binOf(d: number): number {
  if (d === 0) return 0;
  if (!(d < 10 ** LARGEST_DECADE)) return LARGEST_DECADE - SMALLEST_DECADE + 2;
  if (d < 10 ** SMALLEST_DECADE) return 1;
  let e = Math.floor(Math.log10(d));
  // log10 can land one off at exact powers of ten; trust the comparison instead.
  if (10 ** e > d) e--;
  else if (10 ** (e + 1) <= d) e++;
  return e - SMALLEST_DECADE + 2;
}

export function errorHistogram(absDiffs: ArrayLike<number>): HistogramBin[] {
  const bins = emptyBins();
  for (let i = 0; i < absDiffs.length; i++) bins[binOf(absDiffs[i]!)]!.count++;
  return bins;
}
