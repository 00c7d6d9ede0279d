/** Shared helper for the pooling kernels. */
import type { Pool2dGeometry } from '../../../backend.js';

/** Every field of the geometry, so programs for different shapes never collide. */
export function poolKey(g: Pool2dGeometry): string {
  return [
    g.batch, g.channels, g.inHeight, g.inWidth, g.kernelHeight, g.kernelWidth,
    g.strideHeight, g.strideWidth, g.padTop, g.padLeft, g.outHeight, g.outWidth,
  ].join(',');
}
