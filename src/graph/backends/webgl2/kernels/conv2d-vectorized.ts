/**
 * The vector body of conv2d forward for stride 1, no horizontal padding and rows
 * (OW and W) that are multiples of 4: a fragment's four lanes are ox..ox+3 of one
 * output row, so for each (c, ky) the inputs they need are one aligned run of
 * KW+3 floats, fetched as ceil((KW+3)/4) texels. The weights come with their rows
 * padded to KWp = 4·⌈KW/4⌉ (see `paddedWeightShape`), so a kernel row is whole
 * texels too, and each weight serves four products. The unrolled GLSL uses only
 * static swizzles: 4 fetches per 20 multiply-adds for a 5x5 kernel, against 40
 * for the scalar loop.
 */
import type { Conv2dGeometry } from '../../../backend.js';
import { roundUp4, type PlaneShape, type PlaneTarget } from './pad2d.js';

export function rowBodyApplies(g: Conv2dGeometry): boolean {
  return g.strideWidth === 1 && g.padLeft === 0 && g.padRight === 0 && g.outWidth % 4 === 0 && g.inWidth % 4 === 0;
}

const lane = (e: number): string => `xs${e >> 2}.${'xyzw'[e & 3]}`;
const weight = (kx: number): string => `ws${kx >> 2}.${'xyzw'[kx & 3]}`;

/** w [O,C,KH,KW] seen as O·C planes, and the same planes with rows of KWp. */
export function paddedWeightShape(g: Conv2dGeometry): { from: PlaneShape; to: PlaneTarget } {
  return {
    from: { planes: g.outChannels * g.inChannels, height: g.kernelHeight, width: g.kernelWidth },
    to: { height: g.kernelHeight, width: roundUp4(g.kernelWidth), top: 0, left: 0 },
  };
}

export function rowBody(g: Conv2dGeometry, hasBias: boolean): string {
  const { inChannels: C, inHeight: H, inWidth: W, outChannels: O, kernelHeight: KH, kernelWidth: KW } = g;
  const texels = Math.ceil((KW + 3) / 4);
  const rowTexels = roundUp4(KW) / 4;
  const fetches = [
    ...Array.from({ length: texels }, (_, t) => `vec4 xs${t} = x_texel(xT + ${t});`),
    ...Array.from({ length: rowTexels }, (_, t) => `vec4 ws${t} = w_texel(wT + ${t});`),
  ].join('\n      ');
  const taps = Array.from(
    { length: KW },
    (_, kx) => `acc += ${weight(kx)} * vec4(${[0, 1, 2, 3].map((l) => lane(kx + l)).join(', ')});`,
  ).join('\n      ');
  const vertical = g.padTop > 0 || g.padBottom > 0;
  return `
  int ox = index % ${g.outWidth};
  int rest = index / ${g.outWidth};
  int oy = rest % ${g.outHeight};
  rest /= ${g.outHeight};
  int o = rest % ${O};
  int n = rest / ${O};
  vec4 acc = vec4(${hasBias ? 'b_at(o)' : '0.0'});
  for (int c = 0; c < ${C}; c++) {
    for (int ky = 0; ky < ${KH}; ky++) {
      int iy = oy * ${g.strideHeight} - ${g.padTop} + ky;
      ${vertical ? `if (iy < 0 || iy >= ${H}) continue;` : ''}
      int xT = (((n * ${C} + c) * ${H} + iy) * ${W} + ox) >> 2;
      int wT = ((o * ${C} + c) * ${KH} + ky) * ${rowTexels};
      ${fetches}
      ${taps}
    }
  }
  result = acc;`;
}
