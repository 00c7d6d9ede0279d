/** Activations, their gradients and row sums in plain TypeScript. */
import type { UnaryOp } from '../../../backend.js';

export function unaryJs(op: UnaryOp, X: Float32Array, Y: Float32Array): void {
  if (op === 'sigmoid') for (let i = 0; i < X.length; i++) Y[i] = 1 / (1 + Math.exp(-X[i]!));
  else for (let i = 0; i < X.length; i++) Y[i] = X[i]! > 0 ? X[i]! : 0;
}

export function unaryBackwardJs(op: UnaryOp, Y: Float32Array, DY: Float32Array, DX: Float32Array): void {
  if (op === 'sigmoid')
    for (let i = 0; i < Y.length; i++) {
      const v = Y[i]!;
      DX[i] = DY[i]! * (v * (1 - v));
    }
  else for (let i = 0; i < Y.length; i++) DX[i] = DY[i]! * (Y[i]! > 0 ? 1 : 0);
}

export function sumRowsJs(X: Float32Array, out: Float32Array, rows: number, cols: number): void {
  const acc = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) acc[c]! += X[r * cols + c]!;
  out.set(acc);
}
