/**
 * A convolution whose kernel covers the whole unpadded input (LeNet's third conv:
 * 5x5 over 5x5, output 1x1) is a dense layer: x as [N, C·kh·kw] and w as
 * [O, C·kh·kw] are already laid out as the matrices, so its forward and backward
 * passes are gemms, whose vectorised bodies beat the general convolution loops.
 */
import type { Conv2dGeometry, GemmGeometry } from '../../../backend.js';
import { isPadded } from './conv-geometry.js';

export function isFullWindow(g: Conv2dGeometry): boolean {
  return !isPadded(g) && g.kernelHeight === g.inHeight && g.kernelWidth === g.inWidth;
}

const window = (g: Conv2dGeometry): number => g.inChannels * g.kernelHeight * g.kernelWidth;
const plain = { alpha: 1, beta: 0 };

/** y[N,O] = x[N,K]·w[O,K]ᵀ + b */
export const forwardGemm = (g: Conv2dGeometry): GemmGeometry => ({
  m: g.batch, n: g.outChannels, k: window(g), transA: false, transB: true, alpha: 1, beta: 1,
});

/** dx[N,K] = dy[N,O]·w[O,K] */
export const inputGradientGemm = (g: Conv2dGeometry): GemmGeometry => ({
  m: g.batch, n: window(g), k: g.outChannels, transA: false, transB: false, ...plain,
});

/** dw[O,K] = dy[N,O]ᵀ·x[N,K] */
export const weightGradientGemm = (g: Conv2dGeometry): GemmGeometry => ({
  m: g.outChannels, n: window(g), k: g.batch, transA: true, transB: false, ...plain,
});
