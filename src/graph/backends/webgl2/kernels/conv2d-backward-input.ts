/**
 * Convolution input gradient: dx[n,c,iy,ix] gathers dy[n,o,oy,ox]·w[o,c,ky,kx] over
 * every output position whose window covered (iy,ix). Gathering (one fragment per
 * dx element) instead of scattering keeps it a plain fragment shader with no atomics.
 * Stride-1 convolutions instead run as a forward convolution of dy with the flipped
 * kernel (flip-kernel.ts), which takes conv2d's vectorised route.
 */
import type { Conv2dGeometry, Storage } from '../../../backend.js';
import { runOne, type KernelContext } from '../kernel-context.js';
import type { GpuProgram } from '../program.js';
import { inputGradientGemm, isFullWindow } from './conv-as-gemm.js';
import { convKey } from './conv-geometry.js';
import { conv2d } from './conv2d.js';
import { flipKernel, hasTransposedForm, transposedGeometry } from './flip-kernel.js';
import { gemm } from './gemm.js';

/** GLSL that finds the output coordinate `o<axis>` fed by kernel tap `k<axis>`, or skips. */
function outputCoordinate(axis: 'y' | 'x', stride: number, limit: number): string {
  const t = `t${axis}`;
  const divisible = stride === 1 ? '' : ` || ${t} % ${stride} != 0`;
  return `
      if (${t} < 0${divisible}) continue;
      int o${axis} = ${t} / ${stride};
      if (o${axis} >= ${limit}) continue;`;
}

export function conv2dBackwardInputProgram(g: Conv2dGeometry): GpuProgram {
  const { inChannels: C, inHeight: H, inWidth: W, outChannels: O } = g;
  const { kernelHeight: KH, kernelWidth: KW, outHeight: OH, outWidth: OW } = g;
  return {
    key: `conv2dBackwardInput|${convKey(g)}`,
    inputs: ['dy', 'w'],
    outputSize: g.batch * C * H * W,
    main: `
  int ix = index % ${W};
  int rest = index / ${W};
  int iy = rest % ${H};
  rest /= ${H};
  int c = rest % ${C};
  int n = rest / ${C};
  float acc = 0.0;
  for (int ky = 0; ky < ${KH}; ky++) {
    int ty = iy + ${g.padTop} - ky;
    ${outputCoordinate('y', g.strideHeight, OH)}
    for (int kx = 0; kx < ${KW}; kx++) {
      int tx = ix + ${g.padLeft} - kx;
      ${outputCoordinate('x', g.strideWidth, OW)}
      int dyIndex = n * ${O * OH * OW} + oy * ${OW} + ox;
      int wIndex = c * ${KH * KW} + ky * ${KW} + kx;
      for (int o = 0; o < ${O}; o++) {
        acc += dy_at(dyIndex + o * ${OH * OW}) * w_at(wIndex + o * ${C * KH * KW});
      }
    }
  }
  result = acc;`,
  };
}

export function conv2dBackwardInput(
  ctx: KernelContext,
  dy: Storage,
  w: Storage,
  g: Conv2dGeometry,
): Storage {
  if (isFullWindow(g)) return gemm(ctx, dy, w, null, inputGradientGemm(g));
  if (hasTransposedForm(g)) {
    const flipped = flipKernel(ctx, w, g);
    const dx = conv2d(ctx, dy, flipped, null, transposedGeometry(g));
    ctx.dispose(flipped);
    return dx;
  }
  return runOne(ctx, conv2dBackwardInputProgram(g), [dy, w]);
}
