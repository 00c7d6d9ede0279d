/**
 * Element-wise relative error of a backend's output against the reference.
 * Elements far below the tensor's own scale are judged relative to that scale
 * (floor = 1e-2 · max|want|): an entry of a long sum that cancels to ~0 carries
 * the rounding error of its large partial sums, which differs with summation order
 * (the float32 reference itself is off by up to ~3e-4 relative from float64 on
 * such entries). With a 1e-4 tolerance the floor allows an absolute error of
 * 1e-6 · peak, about 16 float32 ulps of the largest value: rounding, not a bug.
 */
export interface ErrorStats {
  maxRel: number;
  meanRel: number;
  /** Index of the worst element, for the failure message. */
  worst: number;
}

export function relativeErrors(got: ArrayLike<number>, want: ArrayLike<number>): ErrorStats {
  if (got.length !== want.length) throw new Error(`relativeErrors: lengths differ, ${got.length} != ${want.length}`);
  let scale = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]!));
  const floor = Math.max(1e-2 * scale, Number.MIN_VALUE);
  let maxRel = 0;
  let sum = 0;
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    // NaN in either side must fail, never compare as "no error".
    const rel = Number.isNaN(g) || Number.isNaN(w) ? Infinity : g === w ? 0 : Math.abs(g - w) / Math.max(Math.abs(w), floor);
    sum += rel;
    if (rel > maxRel) {
      maxRel = rel;
      worst = i;
    }
  }
  return { maxRel, meanRel: want.length ? sum / want.length : 0, worst };
}
