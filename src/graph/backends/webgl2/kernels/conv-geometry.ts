/** Small helpers shared by the convolution kernels. */
import type { Conv2dGeometry } from '../../../backend.js';

/** Every field of the geometry, so programs for different shapes never collide. */
export function convKey(g: Conv2dGeometry): string {
  return [
    g.batch, g.inChannels, g.inHeight, g.inWidth, g.outChannels, g.kernelHeight, g.kernelWidth,
    g.strideHeight, g.strideWidth, g.padTop, g.padLeft, g.padBottom, g.padRight, g.outHeight, g.outWidth,
  ].join(',');
}

/** Unpadded convolutions never index outside the input, so their bounds checks are dropped. */
export function isPadded(g: Conv2dGeometry): boolean {
  return g.padTop > 0 || g.padLeft > 0 || g.padBottom > 0 || g.padRight > 0;
}
