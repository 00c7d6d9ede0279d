/**
 * Max pooling forward. One draw writes two render targets: the maximum and its
 * position (flat index iy·W+ix within the (n,c) plane) for the backward pass.
 * Ties keep the first maximum in row-major window order; padding never wins.
 */
import type { Pool2dGeometry, Storage } from '../../../backend.js';
import type { KernelContext } from '../kernel-context.js';
import type { GpuProgram } from '../program.js';
import { poolKey } from './pool-geometry.js';

export function maxPool2dProgram(g: Pool2dGeometry): GpuProgram {
  const { inHeight: H, inWidth: W, outHeight: OH, outWidth: OW } = g;
  return {
    key: `maxPool2d|${poolKey(g)}`,
    inputs: ['x'],
    outputSize: g.batch * g.channels * OH * OW,
    outputs: ['y', 'argmax'],
    main: `
  int ox = index % ${OW};
  int rest = index / ${OW};
  int oy = rest % ${OH};
  int plane = rest / ${OH};
  int iy0 = oy * ${g.strideHeight} - ${g.padTop};
  int ix0 = ox * ${g.strideWidth} - ${g.padLeft};
  float best = 0.0;
  int bestAt = -1;
  for (int ky = 0; ky < ${g.kernelHeight}; ky++) {
    int iy = iy0 + ky;
    if (iy < 0 || iy >= ${H}) continue;
    for (int kx = 0; kx < ${g.kernelWidth}; kx++) {
      int ix = ix0 + kx;
      if (ix < 0 || ix >= ${W}) continue;
      float v = x_at(plane * ${H * W} + iy * ${W} + ix);
      if (bestAt < 0 || v > best) {
        best = v;
        bestAt = iy * ${W} + ix;
      }
    }
  }
  y = best;
  argmax = float(bestAt);`,
  };
}

export function maxPool2d(ctx: KernelContext, x: Storage, g: Pool2dGeometry): { y: Storage; argmax: Storage } {
  const [y, argmax] = ctx.run(maxPool2dProgram(g), [x]);
  return { y: y!, argmax: argmax! };
}
