/**
 * C = alpha·op(A)·op(B) + beta·bias in plain TypeScript. For op(B) = B the inner loop
 * is an axpy over a contiguous row of B; for op(B) = Bᵀ it is a contiguous dot product.
 */
import type { GemmGeometry } from '../../../backend.js';

export function gemmJs(A: Float32Array, B: Float32Array, bias: Float32Array | null, C: Float32Array, g: GemmGeometry): void {
  const { m, n, k, transA, transB, alpha, beta } = g;
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    if (transB) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let p = 0; p < k; p++) acc += A[transA ? p * m + i : i * k + p]! * B[j * k + p]!;
        row[j] = acc;
      }
    } else {
      for (let p = 0; p < k; p++) {
        const a = A[transA ? p * m + i : i * k + p]!;
        const bRow = p * n;
        for (let j = 0; j < n; j++) row[j]! += a * B[bRow + j]!;
      }
    }
    for (let j = 0; j < n; j++) C[i * n + j] = alpha * row[j]! + (bias ? beta * bias[j]! : 0);
  }
}
