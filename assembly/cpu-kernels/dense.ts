// Fully connected layers of a forward plan: Y[rows × n] = X[rows × k] · B, B the
// layer's weights packed once into 8-column panels (packB: [n/8][k][8]), X rows read in
// place. Each output lane is one accumulator summed over p in order, in the 4-row tile
// and the 1-row kernel alike, so a row's result does not depend on how many rows were
// computed together (the batch or the thread count). Bias and activation follow in one
// pass (epilogueRows).
import { EPI_COL_BIAS, EPI_RELU, EPI_SIGMOID, storeLanes } from './microkernel';
import { madd } from './madd';
import { relu4, sigmoid4 } from './simd-math';

const NR: i32 = 8;

// @ts-ignore: decorator
@inline function put(v: v128, c: usize, n: i32): void {
  if (n > 0) storeLanes(c, v, min(4, n));
}

/** Rows r0..r0+4 of X times one 8-column panel `bp`; `cols` (1..8) columns stored. */
// @ts-ignore: decorator
@inline function rows4Body(fused: bool, x: usize, lda: usize, bp: usize, k: i32, c: usize, ldc: usize, cols: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const x1 = x + lda, x2 = x1 + lda, x3 = x2 + lda;
  const end = x + (<usize>k << 2);
  let o: usize = 0;
  while (x + o < end) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let av = v128.load32_splat(x + o);
    c00 = madd(fused, c00, av, b0); c01 = madd(fused, c01, av, b1);
    av = v128.load32_splat(x1 + o);
    c10 = madd(fused, c10, av, b0); c11 = madd(fused, c11, av, b1);
    av = v128.load32_splat(x2 + o);
    c20 = madd(fused, c20, av, b0); c21 = madd(fused, c21, av, b1);
    av = v128.load32_splat(x3 + o);
    c30 = madd(fused, c30, av, b0); c31 = madd(fused, c31, av, b1);
    o += 4; bp += 32;
  }
  put(c00, c, cols); put(c01, c + 16, cols - 4); c += ldc;
  put(c10, c, cols); put(c11, c + 16, cols - 4); c += ldc;
  put(c20, c, cols); put(c21, c + 16, cols - 4); c += ldc;
  put(c30, c, cols); put(c31, c + 16, cols - 4);
}

/** One row of X times up to four consecutive panels (32 columns; `cols` stored). */
// @ts-ignore: decorator
@inline function row1Body(fused: bool, x: usize, bp: usize, panelBytes: usize, k: i32, c: usize, cols: i32): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  let c4 = f32x4.splat(0), c5 = f32x4.splat(0), c6 = f32x4.splat(0), c7 = f32x4.splat(0);
  const p1 = bp + panelBytes, p2 = p1 + panelBytes, p3 = p2 + panelBytes;
  const end = x + (<usize>k << 2);
  let o: usize = 0;
  while (x < end) {
    const av = v128.load32_splat(x);
    c0 = madd(fused, c0, av, v128.load(bp + o)); c1 = madd(fused, c1, av, v128.load(bp + o, 16));
    if (cols > 8) { c2 = madd(fused, c2, av, v128.load(p1 + o)); c3 = madd(fused, c3, av, v128.load(p1 + o, 16)); }
    if (cols > 16) { c4 = madd(fused, c4, av, v128.load(p2 + o)); c5 = madd(fused, c5, av, v128.load(p2 + o, 16)); }
    if (cols > 24) { c6 = madd(fused, c6, av, v128.load(p3 + o)); c7 = madd(fused, c7, av, v128.load(p3 + o, 16)); }
    x += 4; o += 32;
  }
  put(c0, c, cols); put(c1, c + 16, cols - 4); put(c2, c + 32, cols - 8); put(c3, c + 48, cols - 12);
  put(c4, c + 64, cols - 16); put(c5, c + 80, cols - 20); put(c6, c + 96, cols - 24); put(c7, c + 112, cols - 28);
}

function rows4Plain(x: usize, lda: usize, bp: usize, k: i32, c: usize, ldc: usize, cols: i32): void {
  rows4Body(false, x, lda, bp, k, c, ldc, cols);
}
function rows4Fused(x: usize, lda: usize, bp: usize, k: i32, c: usize, ldc: usize, cols: i32): void {
  rows4Body(true, x, lda, bp, k, c, ldc, cols);
}
function row1Plain(x: usize, bp: usize, panelBytes: usize, k: i32, c: usize, cols: i32): void {
  row1Body(false, x, bp, panelBytes, k, c, cols);
}
function row1Fused(x: usize, bp: usize, panelBytes: usize, k: i32, c: usize, cols: i32): void {
  row1Body(true, x, bp, panelBytes, k, c, cols);
}

/** y[rows × n] = act(x[rows × k] · B + bias) (flags: EPI_COL_BIAS, EPI_RELU / EPI_SIGMOID). */
export function denseRows(fused: bool, x: usize, rows: i32, k: i32, bpack: usize, n: i32, bias: usize, y: usize, flags: i32): void {
  const lda = <usize>k << 2, ldc = <usize>n << 2;
  const panelBytes = <usize>(k * NR) << 2;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const xr = x + <usize>r * lda, yr = y + <usize>r * ldc;
    for (let j = 0; j < n; j += NR) {
      const bp = bpack + <usize>(j / NR) * panelBytes;
      if (fused) rows4Fused(xr, lda, bp, k, yr + (<usize>j << 2), ldc, n - j);
      else rows4Plain(xr, lda, bp, k, yr + (<usize>j << 2), ldc, n - j);
    }
  }
  for (; r < rows; r++) {
    const xr = x + <usize>r * lda, yr = y + <usize>r * ldc;
    for (let j = 0; j < n; j += 4 * NR) {
      const bp = bpack + <usize>(j / NR) * panelBytes;
      if (fused) row1Fused(xr, bp, panelBytes, k, yr + (<usize>j << 2), min(n - j, 4 * NR));
      else row1Plain(xr, bp, panelBytes, k, yr + (<usize>j << 2), min(n - j, 4 * NR));
    }
  }
  epilogueRows(y, rows, n, bias, flags);
}

/** y[r][j] = act(y[r][j] + bias[j]) over a [rows × n] matrix. */
export function epilogueRows(y: usize, rows: i32, n: i32, bias: usize, flags: i32): void {
  if ((flags & (EPI_COL_BIAS | EPI_RELU | EPI_SIGMOID)) == 0) return;
  for (let r = 0; r < rows; r++) {
    const row = y + (<usize>(r * n) << 2);
    for (let j = 0; j < n; j += 4) {
      const p = row + (<usize>j << 2);
      let v = v128.load(p);
      if (flags & EPI_COL_BIAS) v = f32x4.add(v, v128.load(bias + (<usize>j << 2)));
      if (flags & EPI_SIGMOID) v = sigmoid4(v);
      else if (flags & EPI_RELU) v = relu4(v);
      storeLanes(p, v, min(4, n - j));
    }
  }
}
