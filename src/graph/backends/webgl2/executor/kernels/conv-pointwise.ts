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
import { clamped } from './conv-scalar.js';

export interface PointwiseShape {
  readonly batch: number;
  readonly inChannels: number;
  readonly outChannels: number;
  /** Spatial positions per plane, a multiple of 4. */
  readonly positions: number;
  readonly hasBias: boolean;
  readonly clamp: readonly [number, number] | null;
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
    key: `conv-pointwise|${N},${C},${M},${P},${hasBias},${s.clamp ?? ''}`,
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
  result = ${clamped('acc', s.clamp)};`,
  };
}

/**
 * Four output channels per fragment (m = 4q..4q+3, one render target each): every
 * X texel then feeds sixteen products instead of four, 8 fetches per 64
 * multiply-adds. Target r holds [N, M/4, P] of the channels ≡ r (mod 4);
 * `interleaveChannelsProgram` puts them back in order. C and M multiples of 4.
 */
export function convPointwiseBlockedProgram(s: PointwiseShape): GpuProgram {
  const { batch: N, inChannels: C, outChannels: M, positions: P, hasBias } = s;
  const q = P / 4;
  const rows = [0, 1, 2, 3];
  return {
    key: `conv-pointwise-blocked|${N},${C},${M},${P},${hasBias},${s.clamp ?? ''}`,
    inputs: hasBias ? ['x', 'w', 'b'] : ['x', 'w'],
    outputs: ['y0', 'y1', 'y2', 'y3'],
    outputSize: (N * M * P) / 4,
    main4: `
  int p = index % ${P};
  int rest = index / ${P};
  int mq = rest % ${M / 4};
  int n = rest / ${M / 4};
  int xT = (n * ${C * P} + p) >> 2;
  int wT = mq * ${C};
  ${hasBias ? 'vec4 bias = b_texel(mq);' : ''}
  ${rows.map((r) => `vec4 acc${r} = vec4(${hasBias ? `bias.${'xyzw'[r]}` : '0.0'});`).join('\n  ')}
  for (int c4 = 0; c4 < ${C / 4}; c4++) {
    vec4 x0 = x_texel(xT);
    vec4 x1 = x_texel(xT + ${q});
    vec4 x2 = x_texel(xT + ${2 * q});
    vec4 x3 = x_texel(xT + ${3 * q});
    ${rows.map((r) => `vec4 w${r} = w_texel(wT + ${(r * C) / 4} + c4);\n    acc${r} += w${r}.x * x0 + w${r}.y * x1 + w${r}.z * x2 + w${r}.w * x3;`).join('\n    ')}
    xT += ${4 * q};
  }
  ${rows.map((r) => `y${r} = ${clamped(`acc${r}`, s.clamp)};`).join('\n  ')}`,
  };
}

/** [N, M/4, P] × 4 (channel m in target m mod 4) → [N, M, P]; P a multiple of 4. */
export function interleaveChannelsProgram(N: number, M: number, P: number): GpuProgram {
  return {
    key: `interleave-channels|${N},${M},${P}`,
    inputs: ['y0', 'y1', 'y2', 'y3'],
    outputSize: N * M * P,
    main4: `
  int p = index % ${P};
  int rest = index / ${P};
  int m = rest % ${M};
  int n = rest / ${M};
  int t = ((n * ${M / 4} + (m >> 2)) * ${P} + p) >> 2;
  int r = m & 3;
  result = r == 0 ? y0_texel(t) : r == 1 ? y1_texel(t) : r == 2 ? y2_texel(t) : y3_texel(t);`,
  };
}
