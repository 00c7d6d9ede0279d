// The register tile of the input gradient (conv-backward-input.ts), images in lanes:
//   acc[r][t] = Σ_k A[k][r] · B_k[t]    r < 5 kernel columns, t < 2 output pixels of a row,
// then acc[r][t] is added to out[t + r]: the five columns of a kernel row reach six
// neighbouring input pixels, so ten sums land in six vectors of the scratch row.
// Registers: V8 issues all of an iteration's loads first, so each load holds a register
// until its last use. Ten accumulators, two B vectors, four weights in one vector and the
// fifth broadcast, plus one lane broadcast at a time, make 15: V8's limit (five separate
// broadcast loads made 17 and spilled two accumulators, halving the speed).
import { madd } from './madd';

// @ts-ignore: decorator
@inline function addTo(p: usize, v: v128): void {
  v128.store(p, f32x4.add(v128.load(p), v));
}

// @ts-ignore: decorator
@inline function tileBody(fused: bool, a: usize, b: usize, bStride: usize, k: i32, out: usize, cols: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0), c41 = f32x4.splat(0);
  const end = a + <usize>k * 20;
  while (a < end) {
    // Two loads for the five weights; lanes are broadcast as needed.
    const x0 = v128.load(b), x1 = v128.load(b, 16);
    const w4 = v128.load(a), last = v128.load32_splat(a, 16);
    let av = v128.shuffle<f32>(w4, w4, 0, 0, 0, 0);
    c00 = madd(fused, c00, av, x0); c01 = madd(fused, c01, av, x1);
    av = v128.shuffle<f32>(w4, w4, 1, 1, 1, 1);
    c10 = madd(fused, c10, av, x0); c11 = madd(fused, c11, av, x1);
    av = v128.shuffle<f32>(w4, w4, 2, 2, 2, 2);
    c20 = madd(fused, c20, av, x0); c21 = madd(fused, c21, av, x1);
    av = v128.shuffle<f32>(w4, w4, 3, 3, 3, 3);
    c30 = madd(fused, c30, av, x0); c31 = madd(fused, c31, av, x1);
    c40 = madd(fused, c40, last, x0); c41 = madd(fused, c41, last, x1);
    a += 20; b += bStride;
  }
  // Only the first `cols` kernel columns are real (the rest of the panel is zeros).
  addTo(out, c00);
  if (cols == 1) { addTo(out + 16, c01); return; }
  addTo(out + 16, f32x4.add(c10, c01));
  if (cols == 2) { addTo(out + 32, c11); return; }
  addTo(out + 32, f32x4.add(c20, c11));
  if (cols == 3) { addTo(out + 48, c21); return; }
  addTo(out + 48, f32x4.add(c30, c21));
  if (cols == 4) { addTo(out + 64, c31); return; }
  addTo(out + 64, f32x4.add(c40, c31));
  addTo(out + 80, c41);
}

// One function per specialisation (V8 allocates registers per function), each running
// a whole row of tiles: `pixels` dy pixels, two per tile (a tile starts 2 vectors after
// the previous one in B and in out).
function rowPlain(a: usize, b: usize, bStride: usize, k: i32, out: usize, cols: i32, pixels: i32): void {
  for (let j = 0; j < pixels; j += 2) tileBody(false, a, b + (<usize>j << 4), bStride, k, out + (<usize>j << 4), cols);
}
function rowFused(a: usize, b: usize, bStride: usize, k: i32, out: usize, cols: i32, pixels: i32): void {
  for (let j = 0; j < pixels; j += 2) tileBody(true, a, b + (<usize>j << 4), bStride, k, out + (<usize>j << 4), cols);
}

/** Tile columns (kernel columns per weight panel). */
export const TILE_COLS = 5;

/**
 * A row of tiles, each k reduction steps: A advances 5 floats a step (a panel of kernel
 * columns), B (two pixel vectors) `bStride` bytes; tile j adds into out[j .. j + cols].
 */
// @ts-ignore: decorator
@inline export function backwardInputRow(fused: bool, a: usize, b: usize, bStride: usize, k: i32, out: usize, cols: i32, pixels: i32): void {
  if (fused) rowFused(a, b, bStride, k, out, cols, pixels);
  else rowPlain(a, b, bStride, k, out, cols, pixels);
}
