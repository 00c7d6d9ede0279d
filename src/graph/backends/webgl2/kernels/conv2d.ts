/**
 * Convolution forward: one fragment per output element y[n,o,oy,ox] accumulates
 * x[n,c,iy,ix]·w[o,c,ky,kx] over its receptive field, starting from the bias.
 * Each input channel is summed separately before joining the total: shorter float32
 * accumulation chains roughly halve the rounding error for one extra add per channel.
 */
import type { Conv2dGeometry, Storage } from '../../../backend.js';
import { runOne, type KernelContext } from '../kernel-context.js';
import type { GpuProgram } from '../program.js';
import { convKey, isPadded } from './conv-geometry.js';

export function conv2dProgram(g: Conv2dGeometry, hasBias: boolean): GpuProgram {
  const { inChannels: C, inHeight: H, inWidth: W, outChannels: O } = g;
  const { kernelHeight: KH, kernelWidth: KW, outHeight: OH, outWidth: OW } = g;
  const padded = isPadded(g);
  return {
    key: `conv2d|${convKey(g)}|bias=${hasBias}`,
    inputs: hasBias ? ['x', 'w', 'b'] : ['x', 'w'],
    outputSize: g.batch * O * OH * OW,
    main: `
  int ox = index % ${OW};
  int rest = index / ${OW};
  int oy = rest % ${OH};
  rest /= ${OH};
  int o = rest % ${O};
  int n = rest / ${O};
  int iy0 = oy * ${g.strideHeight} - ${g.padTop};
  int ix0 = ox * ${g.strideWidth} - ${g.padLeft};
  float acc = ${hasBias ? 'b_at(o)' : '0.0'};
  for (int c = 0; c < ${C}; c++) {
    int xPlane = (n * ${C} + c) * ${H * W};
    int wPlane = (o * ${C} + c) * ${KH * KW};
    float channelSum = 0.0;
    for (int ky = 0; ky < ${KH}; ky++) {
      int iy = iy0 + ky;
      ${padded ? `if (iy < 0 || iy >= ${H}) continue;` : ''}
      int xRow = xPlane + iy * ${W} + ix0;
      int wRow = wPlane + ky * ${KW};
      for (int kx = 0; kx < ${KW}; kx++) {
        ${padded ? `if (ix0 + kx < 0 || ix0 + kx >= ${W}) continue;` : ''}
        channelSum += x_at(xRow + kx) * w_at(wRow + kx);
      }
    }
    acc += channelSum;
  }
  result = acc;`,
  };
}

export function conv2d(
  ctx: KernelContext,
  x: Storage,
  w: Storage,
  b: Storage | null,
  g: Conv2dGeometry,
): Storage {
  return runOne(ctx, conv2dProgram(g, b !== null), b ? [x, w, b] : [x, w]);
}
