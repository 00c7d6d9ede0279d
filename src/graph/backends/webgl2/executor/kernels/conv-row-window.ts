/**
 * The vector body of 2-D convolution for rows of 4k elements (input width W and
 * output width OW multiples of 4; conv.ts pads other widths): a fragment's lanes
 * are outputs ox..ox+3 of one row, each input texel of a kernel row fetched once
 * (row-window.ts), for any stride, dilation and padding. Each weight is fetched
 * once for four products. Depthwise convolutions are the case group = channels.
 */
import type { GpuProgram } from '../../program.js';
import { clamped, convKey, type ConvShape } from './conv-scalar.js';
import { roundUp4 } from './plane-copy.js';
import { rowWindow } from './row-window.js';

/**
 * `blocked`: four output channels per fragment (one render target each, as in
 * conv-pointwise.ts), sharing every input texel; for dense convolutions, whose
 * groups hold multiples of 4 output channels. The weights come packed
 * (`packWeights`): one texel per tap holds its four channels' weights, or, unblocked,
 * each kernel row is padded to whole texels.
 */
export function convRowWindowProgram(s: ConvShape, blocked = false): GpuProgram {
  const { g } = s;
  const [H, W] = g.input as [number, number];
  const [OH, OW] = g.output as [number, number];
  const [KH, KW] = g.kernel as [number, number];
  const [sh, sw] = g.strides as [number, number];
  const [dh, dw] = g.dilations as [number, number];
  const [ph, pw] = g.padsBegin as [number, number];
  const cg = s.inChannels / s.group;
  const mg = s.outChannels / s.group;
  const window = rowWindow(W, OW, KW, sw, dw, pw);
  const blocks = blocked ? [0, 1, 2, 3] : [];
  const KWp = roundUp4(KW);
  const M = blocked ? s.outChannels / 4 : s.outChannels;
  const rows: string[] = [];
  for (let ky = 0; ky < KH; ky++) {
    const weightRow = blocked ? [] : Array.from({ length: KWp / 4 }, (_, t) => `vec4 wk${t} = w_texel(wT + ${(ky * KWp) / 4 + t});`);
    const taps = Array.from({ length: KW }, (_, kx) => {
      const lanes = window.lanes(kx);
      if (!blocked) return `acc += wk${kx >> 2}.${'xyzw'[kx & 3]} * ${lanes};`;
      return [`vec4 in${kx} = ${lanes};`, `vec4 wq${kx} = w_texel(wT + ${ky * KW + kx});`, ...blocks.map((r) => `acc${r} += wq${kx}.${'xyzw'[r]} * in${kx};`)].join('\n      ');
    });
    const vertical = ky * dh - ph < 0 || (OH - 1) * sh + ky * dh - ph >= H;
    rows.push(`{
      int iy = oy * ${sh} + ${ky * dh - ph};
      ${vertical ? `if (iy >= 0 && iy < ${H}) {` : '{'}
      int rowT = ((plane * ${H} + iy) * ${W} + colBase) >> 2;
      ${window.fetches.join('\n      ')}
      ${weightRow.join('\n      ')}
      ${taps.join('\n      ')}
      }
    }`);
  }
  const channel = blocked ? 'mq * 4' : 'm';
  return {
    key: `conv-row-window|${blocked}|${convKey(s)}`,
    inputs: s.hasBias ? ['x', 'w', 'b'] : ['x', 'w'],
    outputSize: s.batch * M * OH * OW,
    ...(blocked ? { outputs: blocks.map((r) => `y${r}`) } : {}),
    main4: `
  int ox = index % ${OW};
  int rest = index / ${OW};
  int oy = rest % ${OH};
  rest /= ${OH};
  int ${blocked ? 'mq' : 'm'} = rest % ${M};
  int n = rest / ${M};
  int colBase = ox * ${sw};
  int firstPlane = n * ${s.inChannels} + (${channel} / ${mg}) * ${cg};
  ${blocked
    ? blocks.map((r) => `vec4 acc${r} = vec4(${s.hasBias ? `b_at(mq * 4 + ${r})` : '0.0'});`).join('\n  ')
    : `vec4 acc = vec4(${s.hasBias ? 'b_at(m)' : '0.0'});`}
  for (int c = 0; c < ${cg}; c++) {
    int plane = firstPlane + c;
    int wT = (${blocked ? 'mq' : 'm'} * ${cg} + c) * ${blocked ? KH * KW : (KH * KWp) / 4};
    ${rows.join('\n    ')}
  }
  ${blocked ? blocks.map((r) => `y${r} = ${clamped(`acc${r}`, s.clamp)};`).join('\n  ') : `result = ${clamped('acc', s.clamp)};`}`,
  };
}

/** W [M, Cg, KH, KW] as the row-window body reads it: [M/4, Cg, KH, KW, 4] blocked, rows of roundUp4(KW) otherwise. */
export function packWeightsProgram(w: readonly number[], blocked: boolean): GpuProgram {
  const [M, cg, KH, KW] = w as [number, number, number, number];
  const taps = cg * KH * KW;
  if (blocked) {
    return {
      key: `pack-conv-weights-blocked|${w}`,
      inputs: ['w'],
      outputSize: M * taps,
      main: `
  int r = index % 4;
  int e = index / 4;
  result = w_at(((e / ${taps}) * 4 + r) * ${taps} + e % ${taps});`,
    };
  }
  const KWp = roundUp4(KW);
  return {
    key: `pack-conv-weights-rows|${w}`,
    inputs: ['w'],
    outputSize: M * cg * KH * KWp,
    main: `
  int kx = index % ${KWp};
  int row = index / ${KWp};
  result = kx < ${KW} ? w_at(row * ${KW} + kx) : 0.0;`,
  };
}
