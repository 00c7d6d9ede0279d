/**
 * Copies a batch of [H, W] planes into [Hp, Wp] planes shifted down by `top` and
 * right by `left`, zero-filling the rest; smaller targets crop. The vectorised
 * convolution bodies need rows that start on a texel (width a multiple of 4) and
 * no padding logic in their inner loops: a cheap copy pass buys both.
 */
import type { Storage } from '../../../backend.js';
import { runOne, type KernelContext } from '../kernel-context.js';
import type { GpuProgram } from '../program.js';

export interface PlaneShape {
  /** Number of planes (batch × channels). */
  planes: number;
  height: number;
  width: number;
}

export interface PlaneTarget {
  height: number;
  width: number;
  top: number;
  left: number;
}

export function pad2dProgram(from: PlaneShape, to: PlaneTarget): GpuProgram {
  const { height: H, width: W } = from;
  return {
    key: `pad2d|${from.planes},${H},${W}|${to.height},${to.width},${to.top},${to.left}`,
    inputs: ['x'],
    outputSize: from.planes * to.height * to.width,
    main: `
  int ox = index % ${to.width};
  int rest = index / ${to.width};
  int oy = rest % ${to.height};
  int plane = rest / ${to.height};
  int iy = oy - ${to.top};
  int ix = ox - ${to.left};
  bool inside = iy >= 0 && iy < ${H} && ix >= 0 && ix < ${W};
  result = inside ? x_at((plane * ${H} + iy) * ${W} + ix) : 0.0;`,
  };
}

export function isIdentity(from: PlaneShape, to: PlaneTarget): boolean {
  return to.top === 0 && to.left === 0 && to.height === from.height && to.width === from.width;
}

/** The copy, or `x` itself when nothing moves (the caller must not dispose it then). */
export function pad2d(ctx: KernelContext, x: Storage, from: PlaneShape, to: PlaneTarget): Storage {
  return isIdentity(from, to) ? x : runOne(ctx, pad2dProgram(from, to), [x]);
}

/** Disposes a `pad2d` result unless it is the original buffer. */
export function releasePadded(ctx: KernelContext, padded: Storage, original: Storage): void {
  if (padded !== original) ctx.dispose(padded);
}

export const roundUp4 = (n: number): number => Math.ceil(n / 4) * 4;
