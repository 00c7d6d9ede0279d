/**
 * The vector body of 2-D MaxPool and AveragePool on rows of 4k elements (pool.ts
 * widens other rows with zeros and crops the output): a fragment's lanes are
 * outputs ox..ox+3 of one row, each input texel of a window row fetched once
 * (row-window.ts). Columns outside the real row (`realWidth`) never win a max;
 * an average divides by its window's positions inside the input, or with
 * count_include_pad inside the padded input — rows times columns, both counted
 * per lane.
 */
import type { SpatialWindow } from '../../../../executor/kernels/spatial-window.js';
import type { GpuProgram } from '../../program.js';
import { rowWindow } from './row-window.js';
import { geometryKey } from './window-key.js';

const NEG_INF = '-intBitsToFloat(0x7f800000)';

export function poolRowWindowProgram(planes: number, g: SpatialWindow, realWidth: number, how: 'max' | 'average', includePad: boolean): GpuProgram {
  const [H, W] = g.input as [number, number];
  const [OH, OW] = g.output as [number, number];
  const [KH, KW] = g.kernel as [number, number];
  const [sh, sw] = g.strides as [number, number];
  const [dh, dw] = g.dilations as [number, number];
  const [ph, pw] = g.padsBegin as [number, number];
  const [peh, pew] = g.padsEnd as [number, number];
  const window = rowWindow(W, OW, KW, sw, dw, pw);
  // Per tap, which lanes sit inside the row (max) or count toward the divisor (average).
  const colLimit = includePad ? realWidth + pew : realWidth;
  const inside = Array.from({ length: KW }, (_, kx) => {
    const cols = [0, 1, 2, 3].map((l) => `colBase + ${window.offset(l, kx)}`);
    return `bvec4 in${kx} = bvec4(${cols.map((c) => (includePad ? `${c} < ${colLimit}` : `${c} >= 0 && ${c} < ${colLimit}`)).join(', ')});`;
  });
  const rowLimit = includePad ? H + peh : H;
  const rows = Array.from({ length: KH }, (_, ky) => {
    const taps = Array.from({ length: KW }, (_, kx) =>
      how === 'max' ? `acc = max(acc, mix(vec4(${NEG_INF}), ${window.lanes(kx)}, in${kx}));` : `acc += ${window.lanes(kx)};`,
    );
    return `{
    int iy = oy * ${sh} + ${ky * dh - ph};
    ${how === 'average' && includePad ? `if (iy < ${rowLimit}) rowsIn++;` : ''}
    if (iy >= 0 && iy < ${H}) {
      ${how === 'average' && !includePad ? 'rowsIn++;' : ''}
      int rowT = ((plane * ${H} + iy) * ${W} + colBase) >> 2;
      ${window.fetches.join('\n      ')}
      ${taps.join('\n      ')}
    }
  }`;
  });
  const colsIn = Array.from({ length: KW }, (_, kx) => `vec4(in${kx})`).join(' + ');
  return {
    key: `pool-row-window|${how}|${includePad}|${planes}|${realWidth}|${geometryKey(g)}`,
    inputs: ['x'],
    outputSize: planes * OH * OW,
    main4: `
  int ox = index % ${OW};
  int rest = index / ${OW};
  int oy = rest % ${OH};
  int plane = rest / ${OH};
  int colBase = ox * ${sw};
  ${inside.join('\n  ')}
  vec4 acc = vec4(${how === 'max' ? NEG_INF : '0.0'});
  int rowsIn = 0;
  ${rows.join('\n  ')}
  result = ${how === 'max' ? 'acc' : `acc / (float(rowsIn) * (${colsIn}))`};`,
  };
}
