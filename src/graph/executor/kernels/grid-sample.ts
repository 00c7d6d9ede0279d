/**
 * GridSample on 4-D input: each output pixel samples X at the grid's normalized (x, y)
 * with bilinear, nearest or bicubic interpolation; out-of-range reads are zeros,
 * clamped to the border, or reflected, as PyTorch's grid_sample does.
 */
import type { Kernel } from '../kernel.js';
import { floatData, roundHalfEven, tensorOf } from './tensor-values.js';

function reflect(v: number, lo: number, hi: number): number {
  const span = hi - lo;
  if (v < lo) {
    const d = lo - v;
    const n = Math.floor(d / span);
    const r = d - n * span;
    return n % 2 === 0 ? lo + r : hi - r;
  }
  if (v > hi) {
    const d = v - hi;
    const n = Math.floor(d / span);
    const r = d - n * span;
    return n % 2 === 0 ? hi - r : lo + r;
  }
  return v;
}

function cubicWeights(t: number): number[] {
  const A = -0.75;
  const far = (d: number) => ((A * d - 5 * A) * d + 8 * A) * d - 4 * A;
  const near = (d: number) => ((A + 2) * d - (A + 3)) * d * d + 1;
  return [far(t + 1), near(t), near(1 - t), far(2 - t)];
}

export const gridSample: Kernel = ([x, grid], ctx) => {
  if (!x || !grid) return ctx.fail('needs X and grid');
  if (x.dims.length !== 4) ctx.fail(`X has rank ${x.dims.length}; only 4-D input is supported`);
  const src = floatData(x, ctx);
  const g = floatData(grid, ctx, 'grid');
  const mode = ctx.attrs.string('mode', 'bilinear');
  const padding = ctx.attrs.string('padding_mode', 'zeros');
  const align = ctx.attrs.int('align_corners', 0) === 1;
  const [n, c, h, w] = x.dims as [number, number, number, number];
  const [, outH, outW] = grid.dims as [number, number, number];
  const out = tensorOf(x.type, [n, c, outH, outW]);
  const denormalize = (v: number, size: number) => (align ? ((v + 1) / 2) * (size - 1) : ((v + 1) * size - 1) / 2);
  const [loX, hiX, loY, hiY] = align ? [0, w - 1, 0, h - 1] : [-0.5, w - 0.5, -0.5, h - 0.5];
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const plane = (b * c + ch) * h * w;
      const pixel = (r: number, col: number): number => {
        if (padding === 'zeros') return r >= 0 && r < h && col >= 0 && col < w ? src[plane + r * w + col]! : 0;
        if (padding === 'border') return src[plane + Math.min(h - 1, Math.max(0, r)) * w + Math.min(w - 1, Math.max(0, col))]!;
        return src[plane + Math.trunc(reflect(r, loY, hiY)) * w + Math.trunc(reflect(col, loX, hiX))]!;
      };
      for (let oy = 0; oy < outH; oy++) {
        for (let ox = 0; ox < outW; ox++) {
          const at = ((b * outH + oy) * outW + ox) * 2;
          let px = denormalize(g[at]!, w);
          let py = denormalize(g[at + 1]!, h);
          if (mode === 'nearest') {
            px = roundHalfEven(px);
            py = roundHalfEven(py);
          }
          if (px < loX || px > hiX) px = padding === 'border' ? Math.min(w - 1, Math.max(0, px)) : padding === 'reflection' ? reflect(px, loX, hiX) : px;
          if (py < loY || py > hiY) py = padding === 'border' ? Math.min(h - 1, Math.max(0, py)) : padding === 'reflection' ? reflect(py, loY, hiY) : py;
          let value: number;
          if (mode === 'nearest') {
            value = pixel(Math.trunc(py), Math.trunc(px));
          } else {
            const x0 = Math.floor(px);
            const y0 = Math.floor(py);
            const [wx, wy] = mode === 'bicubic' ? [cubicWeights(px - x0), cubicWeights(py - y0)] : [[1 - (px - x0), px - x0], [1 - (py - y0), py - y0]];
            const first = mode === 'bicubic' ? -1 : 0;
            value = 0;
            for (let j = 0; j < wy.length; j++) {
              let row = 0;
              for (let i = 0; i < wx.length; i++) row += wx[i]! * pixel(y0 + first + j, x0 + first + i);
              value += wy[j]! * row;
            }
          }
          out.data[((b * c + ch) * outH + oy) * outW + ox] = value;
        }
      }
    }
  }
  return [out];
};
