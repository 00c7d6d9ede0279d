/**
 * 1x1 convolutions (stride 1, no padding, one group) are a matrix product per
 * image: Y[m, p] = Σc W[m, c]·X[c, p] over the P spatial positions. A fragment's
 * lanes are p..p+3 of one output channel, so each input channel contributes one
 * texel of X, and W's row is read a texel (four channels) at a time when C is a
 * multiple of 4: five fetches per sixteen multiply-adds. P must be a multiple of
 * 4 (conv.ts pads the planes otherwise). MobileNet's and SqueezeNet's expand and
 * project layers are these.
 */
import type { GpuProgram } from '../../program.js';

export interface PointwiseShape {
  readonly batch: number;
  readonly inChannels: number;
  readonly outChannels: number;
  /** Spatial positions per plane, a multiple of 4. */
  readonly positions: number;
  readonly hasBias: boolean;
}

export function convPointwiseProgram(s: PointwiseShape): GpuProgram {
  const { batch: N, inChannels: C, outChannels: M, positions: P, hasBias } = s;
  const q = P / 4;
  const body =
    C % 4 === 0
      ? `
  int wT = (m * ${C}) >> 2;
  for (int c4 = 0; c4 < ${C / 4}; c4++) {
    vec4 w = w_texel(wT + c4);
    acc += w.x * x_texel(xT) + w.y * x_texel(xT + ${q}) + w.z * x_texel(xT + ${2 * q}) + w.w * x_texel(xT + ${3 * q});
    xT += ${4 * q};
  }`
      : `
  int wAt = m * ${C};
  for (int c = 0; c < ${C}; c++) {
    acc += w_at(wAt + c) * x_texel(xT);
    xT += ${q};
  }`;
  return {
    key: `conv-pointwise|${N},${C},${M},${P},${hasBias}`,
    inputs: hasBias ? ['x', 'w', 'b'] : ['x', 'w'],
    outputSize: N * M * P,
    main4: `
  int p = index % ${P};
  int rest = index / ${P};
  int m = rest % ${M};
  int n = rest / ${M};
  int xT = (n * ${C * P} + p) >> 2;
  vec4 acc = vec4(${hasBias ? 'b_at(m)' : '0.0'});
  ${body}
  result = acc;`,
  };
}
