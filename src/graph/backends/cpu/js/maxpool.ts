/** Max pooling with argmax, and its gradient, in plain TypeScript. */
import type { Pool2dGeometry } from '../../../backend.js';

export function maxPool2dJs(X: Float32Array, Y: Float32Array, A: Float32Array, g: Pool2dGeometry): void {
  const inPlane = g.inHeight * g.inWidth;
  const outPlane = g.outHeight * g.outWidth;
  for (let p = 0; p < g.batch * g.channels; p++)
    for (let oy = 0; oy < g.outHeight; oy++)
      for (let ox = 0; ox < g.outWidth; ox++) {
        let best = -Infinity;
        let bestIndex = -1;
        for (let ky = 0; ky < g.kernelHeight; ky++) {
          const iy = oy * g.strideHeight - g.padTop + ky;
          if (iy < 0 || iy >= g.inHeight) continue;
          for (let kx = 0; kx < g.kernelWidth; kx++) {
            const ix = ox * g.strideWidth - g.padLeft + kx;
            if (ix < 0 || ix >= g.inWidth) continue;
            const v = X[p * inPlane + iy * g.inWidth + ix]!;
            // Strict '>' keeps the first maximum (PyTorch, ONNX Runtime, the reference).
            if (v > best || bestIndex < 0) {
              best = v;
              bestIndex = iy * g.inWidth + ix;
            }
          }
        }
        const o = p * outPlane + oy * g.outWidth + ox;
        Y[o] = best;
        A[o] = bestIndex;
      }
}

export function maxPool2dBackwardJs(DY: Float32Array, A: Float32Array, DX: Float32Array, g: Pool2dGeometry): void {
  const inPlane = g.inHeight * g.inWidth;
  const outPlane = g.outHeight * g.outWidth;
  DX.fill(0);
  for (let p = 0; p < g.batch * g.channels; p++)
    for (let i = 0; i < outPlane; i++) DX[p * inPlane + A[p * outPlane + i]!]! += DY[p * outPlane + i]!;
}
