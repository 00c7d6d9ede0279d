/**
 * The input texels a fragment's four lanes (outputs ox..ox+3 of one row, ox a
 * multiple of 4) need for one kernel row of a 2-D window, fetched once each:
 * with rows of 4k elements the run starts on a texel whose offset from
 * ox·stride is known when the shader is generated, so every tap of every lane is
 * a static swizzle of one of them. Shared by the convolution and pooling bodies.
 */
import type { SpatialWindow } from '../../../../executor/kernels/spatial-window.js';

export interface RowWindow {
  /** GLSL declaring `v0..` from `x_texel(rowT + t)`; texels left or right of the row read as 0. */
  readonly fetches: readonly string[];
  /** Column offset of lane l at tap kx from `colBase` (= ox·stride). */
  offset(l: number, kx: number): number;
  /** GLSL for lane l's value at tap kx (a swizzle of a fetched texel). */
  lane(l: number, kx: number): string;
  /** GLSL vec4 of the four lanes at tap kx. */
  lanes(kx: number): string;
}

/**
 * Whether a window suits the unrolled row-window bodies: every tap of every kernel
 * row is a line of GLSL, so large windows (a 60x80 pool dilated by 10) would make
 * shaders too large to compile; they take the looping scalar bodies instead. Output
 * rows padded to a multiple of 4 must not more than double the work either.
 */
export function rowWindowSuits(g: SpatialWindow): boolean {
  const [KH, KW] = g.kernel as [number, number];
  const [sw, dw] = [g.strides[1]!, g.dilations[1]!];
  const texelsPerRow = Math.floor((3 * sw + (KW - 1) * dw) / 4) + 2;
  const OW = g.output[1]!;
  return g.input.length === 2 && KH * KW <= 64 && texelsPerRow <= 16 && Math.ceil(OW / 4) * 4 <= 2 * OW;
}

/** Rows of width `W` (a multiple of 4), outputs `OW` wide, `KW` taps `dw` apart, stride `sw`, left pad `pw`. */
export function rowWindow(W: number, OW: number, KW: number, sw: number, dw: number, pw: number): RowWindow {
  const offset = (l: number, kx: number): number => l * sw + kx * dw - pw;
  const first = Math.floor(offset(0, 0) / 4);
  const last = Math.floor(offset(3, KW - 1) / 4);
  const maxBase = (OW - 4) * sw;
  const fetches: string[] = [];
  for (let t = first; t <= last; t++) {
    // Left of the row only for t < 0 (at ox = 0); right of it only if the last fragment reaches past W.
    const checks = [t < 0 ? `colBase + ${4 * t} >= 0` : '', maxBase + 4 * t >= W ? `colBase + ${4 * t} < ${W}` : ''].filter((c) => c);
    const fetch = `x_texel(rowT + ${t})`;
    fetches.push(checks.length ? `vec4 v${t - first} = (${checks.join(' && ')}) ? ${fetch} : vec4(0.0);` : `vec4 v${t - first} = ${fetch};`);
  }
  const lane = (l: number, kx: number): string => {
    const e = offset(l, kx);
    const t = Math.floor(e / 4);
    return `v${t - first}.${'xyzw'[e - 4 * t]}`;
  };
  return { fetches, offset, lane, lanes: (kx) => `vec4(${[0, 1, 2, 3].map((l) => lane(l, kx)).join(', ')})` };
}

/** A 1-D window as a 2-D one of height 1. */
export function asPlanar(g: SpatialWindow): SpatialWindow {
  return {
    input: [1, g.input[0]!],
    kernel: [1, g.kernel[0]!],
    strides: [1, g.strides[0]!],
    dilations: [1, g.dilations[0]!],
    padsBegin: [0, g.padsBegin[0]!],
    padsEnd: [0, g.padsEnd[0]!],
    output: [1, g.output[0]!],
  };
}
