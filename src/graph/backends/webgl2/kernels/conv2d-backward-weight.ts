/**
 * Convolution weight gradient: dw[o,c,ky,kx] = Σ_n Σ_oy,ox dy[n,o,oy,ox]·x[n,c,iy,ix],
 * split over chunks of images (see split-reduction.ts) and folded in a second pass.
 * Whole-input kernels are a gemm; stride-1 convolutions are padded into aligned
 * rows and take the vectorised row kernel (conv2d-weight-rows.ts).
 */
import type { Conv2dGeometry, Storage } from '../../../backend.js';
import type { KernelContext } from '../kernel-context.js';
import type { GpuProgram } from '../program.js';
import { isFullWindow, weightGradientGemm } from './conv-as-gemm.js';
import { convKey, isPadded } from './conv-geometry.js';
import { gemm } from './gemm.js';
import { alignConv, isStrideOne } from './aligned-conv.js';
import { weightGradientFromRows } from './conv2d-weight-rows.js';
import { pad2d, releasePadded, roundUp4 } from './pad2d.js';
import { reduceInTwoPasses, splitBatch, type BatchSplit } from './split-reduction.js';

export function conv2dWeightPartialsProgram(g: Conv2dGeometry, split: BatchSplit): GpuProgram {
  const { inChannels: C, inHeight: H, inWidth: W, outChannels: O } = g;
  const { kernelHeight: KH, kernelWidth: KW, outHeight: OH, outWidth: OW } = g;
  const weights = O * C * KH * KW;
  const padded = isPadded(g);
  return {
    key: `conv2dWeightPartials|${convKey(g)}|${split.parts}x${split.chunk}`,
    inputs: ['dy', 'x'],
    outputSize: split.parts * weights,
    main: `
  int kx = index % ${KW};
  int rest = index / ${KW};
  int ky = rest % ${KH};
  rest /= ${KH};
  int c = rest % ${C};
  rest /= ${C};
  int o = rest % ${O};
  int part = rest / ${O};
  float acc = 0.0;
  for (int i = 0; i < ${split.chunk}; i++) {
    int n = part * ${split.chunk} + i;
    if (n >= ${g.batch}) break;
    int dyPlane = (n * ${O} + o) * ${OH * OW};
    int xPlane = (n * ${C} + c) * ${H * W};
    for (int oy = 0; oy < ${OH}; oy++) {
      int iy = oy * ${g.strideHeight} - ${g.padTop} + ky;
      ${padded ? `if (iy < 0 || iy >= ${H}) continue;` : ''}
      for (int ox = 0; ox < ${OW}; ox++) {
        int ix = ox * ${g.strideWidth} - ${g.padLeft} + kx;
        ${padded ? `if (ix < 0 || ix >= ${W}) continue;` : ''}
        acc += dy_at(dyPlane + oy * ${OW} + ox) * x_at(xPlane + iy * ${W} + ix);
      }
    }
  }
  result = acc;`,
  };
}

export function conv2dBackwardWeight(
  ctx: KernelContext,
  dy: Storage,
  x: Storage,
  g: Conv2dGeometry,
): Storage {
  if (isFullWindow(g)) return gemm(ctx, dy, x, null, weightGradientGemm(g));
  if (isStrideOne(g)) {
    const aligned = alignConv(g, 'copy');
    const xp = pad2d(ctx, x, aligned.inputFrom, aligned.inputTo);
    // Zero columns past OW: they add nothing to the sums.
    const dyp = pad2d(ctx, dy, aligned.gradientFrom, aligned.gradientTo);
    const rowFragments = g.outChannels * g.inChannels * g.kernelHeight * (roundUp4(g.kernelWidth) / 4);
    const dw = weightGradientFromRows(ctx, dyp, xp, aligned.geometry, splitBatch(g.batch, rowFragments));
    releasePadded(ctx, xp, x);
    releasePadded(ctx, dyp, dy);
    return dw;
  }
  const weights = g.outChannels * g.inChannels * g.kernelHeight * g.kernelWidth;
  const split = splitBatch(g.batch, weights);
  return reduceInTwoPasses(ctx, conv2dWeightPartialsProgram(g, split), [dy, x], split, weights);
}
