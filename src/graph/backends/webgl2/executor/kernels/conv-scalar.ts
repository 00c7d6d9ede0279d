/**
 * The general convolution program, any number of spatial axes: one output element
 * accumulates x·w over its receptive field, input channels of its group one at a
 * time (each summed apart before joining the total: shorter float32 chains).
 * The fast 2-D bodies (conv-pointwise.ts, conv-row-window.ts) cover the common
 * shapes; this one covers everything.
 */
import { glslFloat, type GpuProgram } from '../../program.js';
import { coordinates } from '../tensor-glsl.js';
import { stridesOf } from '../../../../executor/kernels/tensor-values.js';
import type { SpatialWindow } from '../../../../executor/kernels/spatial-window.js';
import { geometryKey } from './window-key.js';

export interface ConvShape {
  readonly batch: number;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly group: number;
  readonly g: SpatialWindow;
  readonly hasBias: boolean;
  /** A Relu or Clip folded into the output, [lo, hi] (executor's fuse-clamps.ts), or null. */
  readonly clamp: readonly [number, number] | null;
}

/** `value` (a float or vec4 expression) clamped to [lo, hi]; infinite bounds are left out. */
export function clamped(value: string, clamp: readonly [number, number] | null): string {
  if (!clamp) return value;
  const [lo, hi] = clamp;
  // Clip-6's defaults are ±FLT_MAX: no bound at all for float32 values.
  const withLo = Number.isFinite(lo) && lo > -3.4e38 ? `max(${value}, ${glslFloat(lo)})` : value;
  return Number.isFinite(hi) && hi < 3.4e38 ? `min(${withLo}, ${glslFloat(hi)})` : withLo;
}

export function convKey(s: ConvShape): string {
  return `${s.batch},${s.inChannels},${s.outChannels},${s.group},${s.hasBias},${s.clamp ?? ''}|${geometryKey(s.g)}`;
}

export function convScalarProgram(s: ConvShape): GpuProgram {
  const { g } = s;
  const rank = g.input.length;
  const cg = s.inChannels / s.group;
  const mg = s.outChannels / s.group;
  const outDims = [s.batch, s.outChannels, ...g.output];
  const inStrides = stridesOf(g.input);
  const kStrides = stridesOf(g.kernel);
  const inPlane = g.input.reduce((a, b) => a * b, 1);
  const kPlane = g.kernel.reduce((a, b) => a * b, 1);
  const padded = [...g.padsBegin, ...g.padsEnd].some((p) => p > 0);
  const open: string[] = [];
  const close: string[] = [];
  for (let k = 0; k < rank; k++) {
    open.push(
      `for (int k${k} = 0; k${k} < ${g.kernel[k]}; k${k}++) {`,
      `  int i${k} = o${k + 2} * ${g.strides[k]} - ${g.padsBegin[k]} + k${k} * ${g.dilations[k]};`,
      padded ? `  if (i${k} < 0 || i${k} >= ${g.input[k]}) continue;` : '',
    );
    close.push('}');
  }
  const xAt = ['xPlane', ...Array.from({ length: rank }, (_, k) => `i${k} * ${inStrides[k]}`)].join(' + ');
  const wAt = ['wPlane', ...Array.from({ length: rank }, (_, k) => `k${k} * ${kStrides[k]}`)].join(' + ');
  return {
    key: `conv-scalar|${convKey(s)}`,
    inputs: s.hasBias ? ['x', 'w', 'b'] : ['x', 'w'],
    outputSize: outDims.reduce((a, b) => a * b, 1),
    main: `
  ${coordinates('o', outDims)}
  int grp = o1 / ${mg};
  float acc = ${s.hasBias ? 'b_at(o1)' : '0.0'};
  for (int c = 0; c < ${cg}; c++) {
    int xPlane = (o0 * ${s.inChannels} + grp * ${cg} + c) * ${inPlane};
    int wPlane = (o1 * ${cg} + c) * ${kPlane};
    float part = 0.0;
    ${open.filter((l) => l).join('\n    ')}
    part += x_at(${xAt}) * w_at(${wAt});
    ${close.join(' ')}
    acc += part;
  }
  result = ${clamped('acc', s.clamp)};`,
  };
}
