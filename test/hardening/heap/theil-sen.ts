/** Theil-Sen slope (median of pairwise slopes) of memory samples: one odd sample after a GC cannot sway it. */
export function theilSenSlope(points: readonly { x: number; y: number }[]): number {
  const slopes: number[] = [];
  for (const [i, a] of points.entries()) for (const b of points.slice(i + 1)) slopes.push((b.y - a.y) / (b.x - a.x));
  slopes.sort((p, q) => p - q);
  return slopes[Math.floor(slopes.length / 2)]!;
}
