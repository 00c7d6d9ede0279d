// Register tiles for convolutions over contiguous runs of output pixels: C[MR rows ×
// up to 8 or 12 pixels] = A[MR × K] · B[K × pixels], A a packed weight panel (MR floats
// per reduction step), B row p starting at src + boff[p] (a tap of the image, its
// shifted copies or an im2col matrix; see conv-plane.ts). All of a tile's pixels are
// consecutive, so its B vectors sit at constant offsets from one address per step.
//
// Sizes are picked for V8's 15 usable vector registers: 4×2, 3×3 and 2×4 vectors of
// accumulators plus the B vectors and the broadcast weights fit without spilling
// (the 6×2 tile of microkernel.ts does not).
//
// Each output is a sum over p in order, whatever the tile, so results do not depend on
// the tile shape, the thread count or the batch. The tiles store the bare sums (the
// first `rows` rows and `pixels` pixels, rows `ldc` bytes apart); bias and activation
// follow in one pass over the planes (epilogue.ts). Keeping the epilogue out of the tile
// matters: V8 allocates registers per function, and a sigmoid after the loop made it
// spill accumulators inside the loop.
import { storeLanes } from './microkernel';
import { madd } from './madd';
import { epiloguePlanes } from './epilogue';

// @ts-ignore: decorator
@inline function put(v: v128, c: usize, n: i32): void {
  if (n > 0) storeLanes(c, v, min(4, n));
}

// @ts-ignore: decorator
@inline function tile4x2Body(fused: bool, a: usize, src: usize, boff: usize, k: i32, c: usize, ldc: usize,
  rows: i32, pixels: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const end = boff + (<usize>k << 2);
  while (boff < end) {
    const p = src + <usize>load<i32>(boff);
    const x0 = v128.load(p), x1 = v128.load(p, 16);
    let av = v128.load32_splat(a);
    c00 = madd(fused, c00, av, x0); c01 = madd(fused, c01, av, x1);
    av = v128.load32_splat(a, 4);
    c10 = madd(fused, c10, av, x0); c11 = madd(fused, c11, av, x1);
    av = v128.load32_splat(a, 8);
    c20 = madd(fused, c20, av, x0); c21 = madd(fused, c21, av, x1);
    av = v128.load32_splat(a, 12);
    c30 = madd(fused, c30, av, x0); c31 = madd(fused, c31, av, x1);
    a += 16; boff += 4;
  }
  const p1 = pixels - 4;
  put(c00, c, pixels); put(c01, c + 16, p1);
  if (rows > 1) { c += ldc; put(c10, c, pixels); put(c11, c + 16, p1); }
  if (rows > 2) { c += ldc; put(c20, c, pixels); put(c21, c + 16, p1); }
  if (rows > 3) { c += ldc; put(c30, c, pixels); put(c31, c + 16, p1); }
}

// @ts-ignore: decorator
@inline function tile3x3Body(fused: bool, a: usize, src: usize, boff: usize, k: i32, c: usize, ldc: usize,
  rows: i32, pixels: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0), c12 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c22 = f32x4.splat(0);
  const end = boff + (<usize>k << 2);
  while (boff < end) {
    const p = src + <usize>load<i32>(boff);
    const x0 = v128.load(p), x1 = v128.load(p, 16), x2 = v128.load(p, 32);
    let av = v128.load32_splat(a);
    c00 = madd(fused, c00, av, x0); c01 = madd(fused, c01, av, x1); c02 = madd(fused, c02, av, x2);
    av = v128.load32_splat(a, 4);
    c10 = madd(fused, c10, av, x0); c11 = madd(fused, c11, av, x1); c12 = madd(fused, c12, av, x2);
    av = v128.load32_splat(a, 8);
    c20 = madd(fused, c20, av, x0); c21 = madd(fused, c21, av, x1); c22 = madd(fused, c22, av, x2);
    a += 12; boff += 4;
  }
  const p1 = pixels - 4, p2 = pixels - 8;
  put(c00, c, pixels); put(c01, c + 16, p1); put(c02, c + 32, p2);
  if (rows > 1) {
    c += ldc;
    put(c10, c, pixels); put(c11, c + 16, p1); put(c12, c + 32, p2);
  }
  if (rows > 2) {
    c += ldc;
    put(c20, c, pixels); put(c21, c + 16, p1); put(c22, c + 32, p2);
  }
}

// @ts-ignore: decorator
@inline function tile2x4Body(fused: bool, a: usize, src: usize, boff: usize, k: i32, c: usize, ldc: usize,
  rows: i32, pixels: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0), c03 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0), c12 = f32x4.splat(0), c13 = f32x4.splat(0);
  const end = boff + (<usize>k << 2);
  while (boff < end) {
    const p = src + <usize>load<i32>(boff);
    const x0 = v128.load(p), x1 = v128.load(p, 16), x2 = v128.load(p, 32), x3 = v128.load(p, 48);
    let av = v128.load32_splat(a);
    c00 = madd(fused, c00, av, x0); c01 = madd(fused, c01, av, x1); c02 = madd(fused, c02, av, x2); c03 = madd(fused, c03, av, x3);
    av = v128.load32_splat(a, 4);
    c10 = madd(fused, c10, av, x0); c11 = madd(fused, c11, av, x1); c12 = madd(fused, c12, av, x2); c13 = madd(fused, c13, av, x3);
    a += 8; boff += 4;
  }
  put(c00, c, pixels); put(c01, c + 16, pixels - 4); put(c02, c + 32, pixels - 8); put(c03, c + 48, pixels - 12);
  if (rows > 1) {
    c += ldc;
    put(c10, c, pixels); put(c11, c + 16, pixels - 4); put(c12, c + 32, pixels - 8); put(c13, c + 48, pixels - 12);
  }
}

// One function per specialisation, not the bodies inlined into convTile: V8 allocates
// registers per function, and six tile loops in one function spill.
function tile4x2Plain(a: usize, src: usize, boff: usize, k: i32, c: usize, ldc: usize, rows: i32, pixels: i32): void {
  tile4x2Body(false, a, src, boff, k, c, ldc, rows, pixels);
}
function tile4x2Fused(a: usize, src: usize, boff: usize, k: i32, c: usize, ldc: usize, rows: i32, pixels: i32): void {
  tile4x2Body(true, a, src, boff, k, c, ldc, rows, pixels);
}
function tile3x3Plain(a: usize, src: usize, boff: usize, k: i32, c: usize, ldc: usize, rows: i32, pixels: i32): void {
  tile3x3Body(false, a, src, boff, k, c, ldc, rows, pixels);
}
function tile3x3Fused(a: usize, src: usize, boff: usize, k: i32, c: usize, ldc: usize, rows: i32, pixels: i32): void {
  tile3x3Body(true, a, src, boff, k, c, ldc, rows, pixels);
}

function tile2x4Plain(a: usize, src: usize, boff: usize, k: i32, c: usize, ldc: usize, rows: i32, pixels: i32): void {
  tile2x4Body(false, a, src, boff, k, c, ldc, rows, pixels);
}
function tile2x4Fused(a: usize, src: usize, boff: usize, k: i32, c: usize, ldc: usize, rows: i32, pixels: i32): void {
  tile2x4Body(true, a, src, boff, k, c, ldc, rows, pixels);
}

/** Pixels per tile for a panel height: 16 for 2-row panels, 12 for 3 rows, 8 for 4. */
// @ts-ignore: decorator
@inline export function tilePixels(mr: i32): i32 {
  return mr == 2 ? 16 : mr == 3 ? 12 : 8;
}

/** A tile of `mr` (2, 3 or 4) rows by up to tilePixels(mr) pixels (`pixels` stored). */
export function convTile(fused: bool, mr: i32, a: usize, src: usize, boff: usize, k: i32, c: usize, ldc: usize, rows: i32, pixels: i32): void {
  if (mr == 2) {
    if (fused) tile2x4Fused(a, src, boff, k, c, ldc, rows, pixels);
    else tile2x4Plain(a, src, boff, k, c, ldc, rows, pixels);
  } else if (mr == 3) {
    if (fused) tile3x3Fused(a, src, boff, k, c, ldc, rows, pixels);
    else tile3x3Plain(a, src, boff, k, c, ldc, rows, pixels);
  } else {
    if (fused) tile4x2Fused(a, src, boff, k, c, ldc, rows, pixels);
    else tile4x2Plain(a, src, boff, k, c, ldc, rows, pixels);
  }
}

/**
 * One image's output [O × plane] (channel planes `plane` floats apart) from a run of
 * `plane` contiguous pixels: tiles of MR channels (2, 3 or 4) by 16, 12 or 8 pixels, then the
 * epilogue (row bias and activation as `flags` say).
 */
export function convRun(fused: bool, apack: usize, src: usize, boff: usize, k: i32, out: usize, plane: i32, o: i32,
  mr: i32, bias: usize, flags: i32): void {
  const ldc = <usize>plane << 2;
  const panelBytes = <usize>(mr * k) << 2;
  const step = tilePixels(mr);
  for (let q = 0; q < plane; q += step) {
    const pixels = min(step, plane - q);
    const b = src + (<usize>q << 2);
    let a = apack;
    for (let op = 0; op < o; op += mr) {
      const c = out + <usize>op * ldc + (<usize>q << 2);
      convTile(fused, mr, a, b, boff, k, c, ldc, min(mr, o - op), pixels);
      a += panelBytes;
    }
  }
  epiloguePlanes(out, o, plane, bias, flags);
}
