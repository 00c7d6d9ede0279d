/**
 * Weight gradient of a stride-1 convolution on texel-aligned rows (see
 * aligned-conv.ts). Partial sums are laid out [parts, O, C, KH, KWp] with the
 * kernel width padded to KWp = 4·⌈KW/4⌉, so a fragment's lanes are kx0..kx0+3 of
 * one kernel row: every dy value then multiplies a vec4 window of the input row,
 * and a window is two neighbouring texels combined with static swizzles — two
 * fetches per 16 multiply-adds. The fold pass sums the parts and drops the padding.
 */
import type { Conv2dGeometry, Storage } from '../../../backend.js';
import { runOne, type KernelContext } from '../kernel-context.js';
import type { GpuProgram } from '../program.js';
import { convKey } from './conv-geometry.js';
import { roundUp4 } from './pad2d.js';
import type { BatchSplit } from './split-reduction.js';

/** `a` is aligned: stride 1, no padding, inWidth and outWidth multiples of 4. */
export function weightRowPartialsProgram(a: Conv2dGeometry, split: BatchSplit): GpuProgram {
  const { inChannels: C, inHeight: H, inWidth: W, outChannels: O, kernelHeight: KH, outHeight: OH, outWidth: OW } = a;
  const KWp = roundUp4(a.kernelWidth);
  return {
    key: `conv2dWeightRows|${convKey(a)}|${split.parts}x${split.chunk}`,
    inputs: ['dy', 'x'],
    outputSize: split.parts * O * C * KH * KWp,
    main4: `
  int kx0 = index % ${KWp};
  int rest = index / ${KWp};
  int ky = rest % ${KH};
  rest /= ${KH};
  int c = rest % ${C};
  rest /= ${C};
  int o = rest % ${O};
  int part = rest / ${O};
  vec4 acc = vec4(0.0);
  for (int i = 0; i < ${split.chunk}; i++) {
    int n = part * ${split.chunk} + i;
    if (n >= ${a.batch}) break;
    int dyT = (n * ${O} + o) * ${(OH * OW) / 4};
    int xT = ((((n * ${C} + c) * ${H} + ky) * ${W}) + kx0) >> 2;
    for (int oy = 0; oy < ${OH}; oy++) {
      vec4 xa = x_texel(xT);
      for (int t = 0; t < ${OW / 4}; t++) {
        vec4 d = dy_texel(dyT + t);
        vec4 xb = x_texel(xT + t + 1);
        acc += d.x * xa + d.y * vec4(xa.yzw, xb.x) + d.z * vec4(xa.zw, xb.xy) + d.w * vec4(xa.w, xb.xyz);
        xa = xb;
      }
      dyT += ${OW / 4};
      xT += ${W / 4};
    }
  }
  result = acc;`,
  };
}

/** dw[o,c,ky,kx] = Σ_part partials[part, o, c, ky, kx] (kx < KW of the padded KWp). */
export function foldWeightRowsProgram(g: Conv2dGeometry, parts: number): GpuProgram {
  const KW = g.kernelWidth;
  const KWp = roundUp4(KW);
  const rows = g.outChannels * g.inChannels * g.kernelHeight;
  return {
    key: `foldWeightRows|${rows},${KW}|${parts}`,
    inputs: ['partials'],
    outputSize: rows * KW,
    main: `
  int at = (index / ${KW}) * ${KWp} + index % ${KW};
  float acc = 0.0;
  for (int p = 0; p < ${parts}; p++) acc += partials_at(p * ${rows * KWp} + at);
  result = acc;`,
  };
}

export function weightGradientFromRows(
  ctx: KernelContext,
  dy: Storage,
  x: Storage,
  aligned: Conv2dGeometry,
  split: BatchSplit,
): Storage {
  const partials = runOne(ctx, weightRowPartialsProgram(aligned, split), [dy, x]);
  const dw = runOne(ctx, foldWeightRowsProgram(aligned, split.parts), [partials]);
  ctx.dispose(partials);
  return dw;
}
