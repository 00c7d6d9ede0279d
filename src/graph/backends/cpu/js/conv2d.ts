/**
 * Convolution and its gradients in plain TypeScript (NCHW, dilation 1). Loops are
 * ordered so the innermost one walks an output row, contiguous in memory; taps that
 * fall into padding are clipped out of the row range instead of tested per element.
 */
import type { Conv2dGeometry } from '../../../backend.js';

/** Output columns q whose input column q·sw - pl + kx lies inside [0, inWidth). */
function columnRange(g: Conv2dGeometry, kx: number): [number, number] {
  const lo = Math.max(0, Math.ceil((g.padLeft - kx) / g.strideWidth));
  const hi = Math.min(g.outWidth, Math.floor((g.inWidth - 1 + g.padLeft - kx) / g.strideWidth) + 1);
  return [lo, hi];
}

export function conv2dJs(X: Float32Array, W: Float32Array, B: Float32Array | null, Y: Float32Array, g: Conv2dGeometry): void {
  const { batch, inChannels: C, inHeight: H, inWidth: Wd, outChannels: O, kernelHeight: KH, kernelWidth: KW } = g;
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, padTop: pt, padLeft: pl } = g;
  const plane = OH * OW;
  const acc = new Float64Array(plane);
  for (let n = 0; n < batch; n++)
    for (let o = 0; o < O; o++) {
      acc.fill(B ? B[o]! : 0);
      for (let c = 0; c < C; c++) {
        const xBase = (n * C + c) * H * Wd;
        for (let ky = 0; ky < KH; ky++)
          for (let kx = 0; kx < KW; kx++) {
            const wv = W[((o * C + c) * KH + ky) * KW + kx]!;
            const [q0, q1] = columnRange(g, kx);
            for (let r = 0; r < OH; r++) {
              const iy = r * sh - pt + ky;
              if (iy < 0 || iy >= H) continue;
              const xRow = xBase + iy * Wd - pl + kx;
              const aRow = r * OW;
              for (let q = q0; q < q1; q++) acc[aRow + q]! += wv * X[xRow + q * sw]!;
            }
          }
      }
      Y.set(acc, (n * O + o) * plane);
    }
}

export function conv2dBackwardInputJs(DY: Float32Array, W: Float32Array, DX: Float32Array, g: Conv2dGeometry): void {
  const { batch, inChannels: C, inHeight: H, inWidth: Wd, outChannels: O, kernelHeight: KH, kernelWidth: KW } = g;
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, padTop: pt, padLeft: pl } = g;
  DX.fill(0);
  const acc = new Float64Array(H * Wd);
  for (let n = 0; n < batch; n++)
    for (let c = 0; c < C; c++) {
      acc.fill(0);
      for (let o = 0; o < O; o++) {
        const dyBase = (n * O + o) * OH * OW;
        for (let ky = 0; ky < KH; ky++)
          for (let kx = 0; kx < KW; kx++) {
            const wv = W[((o * C + c) * KH + ky) * KW + kx]!;
            const [q0, q1] = columnRange(g, kx);
            for (let r = 0; r < OH; r++) {
              const iy = r * sh - pt + ky;
              if (iy < 0 || iy >= H) continue;
              const xRow = iy * Wd - pl + kx;
              const dRow = dyBase + r * OW;
              for (let q = q0; q < q1; q++) acc[xRow + q * sw]! += wv * DY[dRow + q]!;
            }
          }
      }
      DX.set(acc, (n * C + c) * H * Wd);
    }
}

export function conv2dBackwardWeightJs(DY: Float32Array, X: Float32Array, DW: Float32Array, g: Conv2dGeometry): void {
  const { batch, inChannels: C, inHeight: H, inWidth: Wd, outChannels: O, kernelHeight: KH, kernelWidth: KW } = g;
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, padTop: pt, padLeft: pl } = g;
  for (let o = 0; o < O; o++)
    for (let c = 0; c < C; c++)
      for (let ky = 0; ky < KH; ky++)
        for (let kx = 0; kx < KW; kx++) {
          const [q0, q1] = columnRange(g, kx);
          let acc = 0;
          for (let n = 0; n < batch; n++) {
            const xBase = (n * C + c) * H * Wd;
            const dyBase = (n * O + o) * OH * OW;
            for (let r = 0; r < OH; r++) {
              const iy = r * sh - pt + ky;
              if (iy < 0 || iy >= H) continue;
              const xRow = xBase + iy * Wd - pl + kx;
              const dRow = dyBase + r * OW;
              for (let q = q0; q < q1; q++) acc += DY[dRow + q]! * X[xRow + q * sw]!;
            }
          }
          DW[((o * C + c) * KH + ky) * KW + kx] = acc;
        }
}

export function conv2dBackwardBiasJs(DY: Float32Array, DB: Float32Array, g: Conv2dGeometry): void {
  const plane = g.outHeight * g.outWidth;
  for (let o = 0; o < g.outChannels; o++) {
    let acc = 0;
    for (let n = 0; n < g.batch; n++) {
      const base = (n * g.outChannels + o) * plane;
      for (let i = 0; i < plane; i++) acc += DY[base + i]!;
    }
    DB[o] = acc;
  }
}
