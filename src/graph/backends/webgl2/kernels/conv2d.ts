/**
 * Convolution forward. Three routes, fastest first:
 *  - a kernel covering the whole input is a gemm (conv-as-gemm.ts);
 *  - stride 1: pad into texel-aligned rows (aligned-conv.ts), run the vector row
 *    body (conv2d-vectorized.ts), crop the extra output columns;
 *  - otherwise the scalar body: one output element accumulates x·w over its
 *    receptive field, each input channel summed separately before joining the
 *    total (shorter float32 accumulation chains, for one extra add per channel).
 */
import type { Conv2dGeometry, Storage } from '../../../backend.js';
import { runOne, type KernelContext } from '../kernel-context.js';
import type { GpuProgram } from '../program.js';
import { alignConv, isStrideOne } from './aligned-conv.js';
import { forwardGemm, isFullWindow } from './conv-as-gemm.js';
import { convKey, isPadded } from './conv-geometry.js';
import { paddedWeightShape, rowBody, rowBodyApplies } from './conv2d-vectorized.js';
import { gemm } from './gemm.js';
import { pad2d, releasePadded } from './pad2d.js';

function scalarBody(g: Conv2dGeometry, hasBias: boolean): string {
  const { inChannels: C, inHeight: H, inWidth: W, outChannels: O, kernelHeight: KH, kernelWidth: KW } = g;
  const padded = isPadded(g);
  return `
  int ox = index % ${g.outWidth};
  int rest = index / ${g.outWidth};
  int oy = rest % ${g.outHeight};
  rest /= ${g.outHeight};
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
      for (int kx = 0; kx < ${KW}; kx++) {
        ${padded ? `if (ix0 + kx < 0 || ix0 + kx >= ${W}) continue;` : ''}
        channelSum += x_at(xPlane + iy * ${W} + ix0 + kx) * w_at(wPlane + ky * ${KW} + kx);
      }
    }
    acc += channelSum;
  }
  result = acc;`;
}

export function conv2dProgram(g: Conv2dGeometry, hasBias: boolean): GpuProgram {
  const program = {
    key: `conv2d|${convKey(g)}|bias=${hasBias}`,
    inputs: hasBias ? ['x', 'w', 'b'] : ['x', 'w'],
    outputSize: g.batch * g.outChannels * g.outHeight * g.outWidth,
  };
  // The row body reads weights padded to whole-texel rows (paddedWeightShape).
  return rowBodyApplies(g) ? { ...program, main4: rowBody(g, hasBias) } : { ...program, main: scalarBody(g, hasBias) };
}

export function conv2d(ctx: KernelContext, x: Storage, w: Storage, b: Storage | null, g: Conv2dGeometry): Storage {
  if (isFullWindow(g)) return gemm(ctx, x, w, b, forwardGemm(g));
  const run = (xs: Storage, ws: Storage, geometry: Conv2dGeometry): Storage =>
    runOne(ctx, conv2dProgram(geometry, b !== null), b ? [xs, ws, b] : [xs, ws]);
  if (!isStrideOne(g) && !rowBodyApplies(g)) return run(x, w, g);
  const aligned = rowBodyApplies(g) ? null : alignConv(g, 'keep');
  const geometry = aligned?.geometry ?? g;
  const xp = aligned ? pad2d(ctx, x, aligned.inputFrom, aligned.inputTo) : x;
  const { from, to } = paddedWeightShape(g);
  const wp = pad2d(ctx, w, from, to);
  const yp = run(xp, wp, geometry);
  releasePadded(ctx, xp, x);
  releasePadded(ctx, wp, w);
  if (!aligned) return yp;
  const y = pad2d(ctx, yp, aligned.outputFrom, aligned.outputTo);
  releasePadded(ctx, yp, y);
  return y;
}
