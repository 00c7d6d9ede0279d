// General matrix multiply on packed panels, split across threads by row panels.
import { EPI_ACCUMULATE, EPI_COL_BIAS, EPI_RELU, EPI_SIGMOID, mk4x1, mk4x2 } from './microkernel';
import { packA, packB, strideOffsets } from './pack';
import { chunkCount, claim } from './partition';

export const GEMM_MR: i32 = 4;
export const GEMM_NR: i32 = 8;
/** Reduction block: packed panels of KC steps stay in L1/L2. */
export const GEMM_KC: i32 = 512;

/**
 * C[m×n] = alpha·op(A)·op(B) + beta·bias[n] (when EPI_COL_BIAS) (+ C when EPI_ACCUMULATE),
 * then the flagged activation. op(A) is [m×k] (A stored [k×m] when transA), op(B) is
 * [k×n] (B stored [n×k] when transB); all matrices contiguous.
 *
 * Threads claim chunks of `chunk` row panels (partition.ts). Each thread packs op(B)
 * once into its scratch (at scratch + tid·stride): 256 B (reserved) | kc offsets |
 * packed B (kc × n rounded to NR) | packed A (chunk·MR rows × kc), kc = min(k, KC).
 * For k > KC the reduction is blocked and B is repacked per block.
 */
export function gemm(tid: i32, nt: i32, counter: usize, chunk: i32, a: usize, b: usize, bias: usize, c: usize,
  scratch: usize, scratchStride: i32, m: i32, n: i32, k: i32, transA: i32, transB: i32, alpha: f32, beta: f32,
  flags: i32, fused: i32): void {
  const panels = (m + GEMM_MR - 1) / GEMM_MR;
  const chunks = chunkCount(panels, chunk);
  const lda = transA ? m : k, ldb = transB ? k : n;
  const nPadded = (n + GEMM_NR - 1) / GEMM_NR * GEMM_NR;
  const base = scratch + <usize>tid * scratchStride;
  const boff = base + 256;
  const kcMax = min(k, GEMM_KC);
  const bpack = boff + (<usize>kcMax << 2);
  const apack = bpack + (<usize>(kcMax * nPadded) << 2);
  const ldc = <usize>n << 2;
  const act = flags & (EPI_RELU | EPI_SIGMOID);
  const blocked = k > GEMM_KC;
  let packed = false;
  for (let ch = claim(counter); ch < chunks; ch = claim(counter)) {
    const i0 = ch * chunk * GEMM_MR;
    const rows = min(m, i0 + chunk * GEMM_MR) - i0;
    for (let p0 = 0; p0 < k; p0 += GEMM_KC) {
      const kc = min(GEMM_KC, k - p0);
      let f = p0 == 0 ? flags & (EPI_COL_BIAS | EPI_ACCUMULATE) : EPI_ACCUMULATE;
      if (p0 + kc >= k) f |= act;
      if (blocked || !packed) {
        strideOffsets(boff, kc, GEMM_NR << 2);
        packB(bpack, b, ldb, transB, 0, n, p0, kc, GEMM_NR);
        packed = true;
      }
      packA(apack, a, lda, transA, i0, rows, p0, kc, GEMM_MR);
      panelProducts(fused != 0, apack, bpack, boff, kc, c + <usize>i0 * ldc, ldc, rows, n, bias, alpha, beta, f);
    }
  }
}

/** C rows [0, rows) of a packed A band times all of packed B. */
function panelProducts(fused: bool, apack: usize, bpack: usize, boff: usize, kc: i32, c: usize, ldc: usize, rows: i32, n: i32,
  bias: usize, alpha: f32, beta: f32, f: i32): void {
  for (let j = 0; j < n; j += GEMM_NR) {
    const bp = bpack + (<usize>(j * kc) << 2);
    const valid0 = min(4, n - j), valid1 = min(4, max(0, n - j - 4));
    const colBias = bias + (<usize>j << 2);
    for (let i = 0; i < rows; i += GEMM_MR) {
      const ap = apack + (<usize>(i * kc) << 2);
      const cp = c + <usize>i * ldc + (<usize>j << 2);
      const valid = min(GEMM_MR, rows - i);
      if (valid1 > 0) mk4x2(fused, ap, bp, 16, boff, kc, cp, 16, ldc, valid, valid0, valid1, 0, colBias, alpha, beta, f);
      else mk4x1(fused, ap, bp, boff, kc, cp, ldc, valid, valid0, 0, colBias, alpha, beta, f);
    }
  }
}
