/**
 * The vector body of conv2d forward for stride 1, no horizontal padding and rows
 * (OW and W) that are multiples of 4: a fragment's four lanes are ox..ox+3 of one
 * output row, so for each (c, ky) the inputs they need are one aligned run of
 * KW+3 floats, fetched as ceil((KW+3)/4) texels, and each weight is fetched once
 * for four products. The unrolled GLSL uses only static swizzles: 7 fetches per
 * 20 multiply-adds for a 5x5 kernel, against 40 for the scalar loop.
 */
import type { Conv2dGeometry } from '../../../backend.js';

export function rowBodyApplies(g: Conv2dGeometry): boolean {
  return g.strideWidth === 1 && g.padLeft === 0 && g.padRight === 0 && g.outWidth % 4 === 0 && g.inWidth % 4 === 0;
}

const lane = (e: number): string => `xs${e >> 2}.${'xyzw'[e & 3]}`;

export function rowBody(g: Conv2dGeometry, hasBias: boolean): string {
  const { inChannels: C, inHeight: H, inWidth: W, outChannels: O, kernelHeight: KH, kernelWidth: KW } = g;
  const texels = Math.ceil((KW + 3) / 4);
  const fetches = Array.from({ length: texels }, (_, t) => `vec4 xs${t} = x_texel(xT + ${t});`).join(' ');
  const taps = Array.from(
    { length: KW },
    (_, kx) => `acc += w_at(wRow + ${kx}) * vec4(${[0, 1, 2, 3].map((l) => lane(kx + l)).join(', ')});`,
  ).join('\n        ');
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
      int wRow = ((o * ${C} + c) * ${KH} + ky) * ${KW};
      ${fetches}
      ${taps}
    }
  }
  result = acc;`;
}
