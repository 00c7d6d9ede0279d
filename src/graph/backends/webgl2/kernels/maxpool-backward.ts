/**
 * Max pooling backward: dx[n,c,iy,ix] gathers dy from every window that chose
 * (iy,ix) as its maximum (overlapping windows can choose it more than once).
 * Windows that tile the input (stride = kernel, no padding, LeNet's 2x2/2) have
 * exactly one candidate, found by division instead of a search over taps.
 */
import type { Pool2dGeometry, Storage } from '../../../backend.js';
import { runOne, type KernelContext } from '../kernel-context.js';
import type { GpuProgram } from '../program.js';
import { poolKey } from './pool-geometry.js';

/** GLSL finding the window row/column `o<axis>` whose tap `k<axis>` lands on this input. */
function windowCoordinate(axis: 'y' | 'x', stride: number, pad: number, limit: number): string {
  const t = `t${axis}`;
  const divisible = stride === 1 ? '' : ` || ${t} % ${stride} != 0`;
  return `
      int ${t} = i${axis} + ${pad} - k${axis};
      if (${t} < 0${divisible}) continue;
      int o${axis} = ${t} / ${stride};
      if (o${axis} >= ${limit}) continue;`;
}

function isTiling(g: Pool2dGeometry): boolean {
  return g.strideHeight === g.kernelHeight && g.strideWidth === g.kernelWidth && g.padTop === 0 && g.padLeft === 0;
}

export function maxPool2dBackwardProgram(g: Pool2dGeometry): GpuProgram {
  const { inHeight: H, inWidth: W, outHeight: OH, outWidth: OW } = g;
  const position = `
  int ix = index % ${W};
  int rest = index / ${W};
  int iy = rest % ${H};
  int plane = rest / ${H};
  float here = float(iy * ${W} + ix);`;
  const program = {
    key: `maxPool2dBackward|${poolKey(g)}`,
    inputs: ['dy', 'argmax'],
    outputSize: g.batch * g.channels * H * W,
  };
  if (isTiling(g)) {
    return {
      ...program,
      main: `${position}
  int oy = iy / ${g.strideHeight};
  int ox = ix / ${g.strideWidth};
  int at = plane * ${OH * OW} + oy * ${OW} + ox;
  // Rows and columns past the last whole window belong to no window.
  result = oy < ${OH} && ox < ${OW} && argmax_at(at) == here ? dy_at(at) : 0.0;`,
    };
  }
  return {
    ...program,
    main: `${position}
  float acc = 0.0;
  for (int ky = 0; ky < ${g.kernelHeight}; ky++) {
    ${windowCoordinate('y', g.strideHeight, g.padTop, OH)}
    for (int kx = 0; kx < ${g.kernelWidth}; kx++) {
      ${windowCoordinate('x', g.strideWidth, g.padLeft, OW)}
      int at = plane * ${OH * OW} + oy * ${OW} + ox;
      if (argmax_at(at) == here) acc += dy_at(at);
    }
  }
  result = acc;`,
  };
}

export function maxPool2dBackward(
  ctx: KernelContext,
  dy: Storage,
  argmax: Storage,
  g: Pool2dGeometry,
): Storage {
  return runOne(ctx, maxPool2dBackwardProgram(g), [dy, argmax]);
}
