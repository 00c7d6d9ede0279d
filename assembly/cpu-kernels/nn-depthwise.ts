// Depthwise convolution (group = input channels; output channel m reads input channel
// m / multiplier): each (image, output channel) plane is one chunk of work. The input
// plane is copied once into zero-padded scratch, so the inner loop has no bounds checks
// and computes 4 output pixels per step: contiguous loads at stride 1, the even lanes of
// two loads at stride 2, gathered lanes otherwise.
import { chunkCount, claim } from './partition';
import {
  clampTo, D_BIAS, D_C, D_CLAMP, D_DH, D_DW, D_H, D_HI, D_KH, D_KW, D_LO, D_M, D_N, D_OH, D_OW, D_PB, D_PL, D_PR, D_PT,
  D_SCRATCH, D_SCRATCH_STRIDE, D_SH, D_SW, D_W, D_W_IN, D_X, D_Y, field, floatField, storeFirst,
} from './nn-epilogue';

/** Four floats at p, p + s, p + 2s, p + 3s (s in floats). */
// @ts-ignore: decorator
@inline function strided4(p: usize, s: i32): v128 {
  if (s == 1) return v128.load(p);
  if (s == 2) return i8x16.shuffle(v128.load(p), v128.load(p, 16), 0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27);
  const step = <usize>s << 2;
  let v = f32x4.splat(load<f32>(p));
  v = f32x4.replace_lane(v, 1, load<f32>(p + step));
  v = f32x4.replace_lane(v, 2, load<f32>(p + 2 * step));
  return f32x4.replace_lane(v, 3, load<f32>(p + 3 * step));
}

/** Copy an h×w plane into the middle of a zeroed (pt+h+pb)×ws plane. */
function padPlane(dst: usize, src: usize, h: i32, w: i32, pt: i32, pl: i32, hs: i32, ws: i32): void {
  const z = f32x4.splat(0);
  const total = hs * ws + 16;
  for (let i = 0; i < total; i += 4) v128.store(dst + (<usize>i << 2), z);
  for (let r = 0; r < h; r++) {
    const d = dst + (<usize>((r + pt) * ws + pl) << 2), s = src + (<usize>(r * w) << 2);
    let i = 0;
    for (; i + 4 <= w; i += 4) v128.store(d + (<usize>i << 2), v128.load(s + (<usize>i << 2)));
    for (; i < w; i++) store<f32>(d + (<usize>i << 2), load<f32>(s + (<usize>i << 2)));
  }
}

/** The depthwise convolution described at `desc` (nn-epilogue.ts); W is [M, 1, KH, KW] as ONNX has it. */
export function nnDepthwise(tid: i32, nt: i32, counter: usize, chunk: i32, desc: usize): void {
  const n = field(desc, D_N), c = field(desc, D_C), m = field(desc, D_M);
  const h = field(desc, D_H), w = field(desc, D_W_IN), kh = field(desc, D_KH), kw = field(desc, D_KW);
  const sh = field(desc, D_SH), sw = field(desc, D_SW), dh = field(desc, D_DH), dw = field(desc, D_DW);
  const pt = field(desc, D_PT), pl = field(desc, D_PL), oh = field(desc, D_OH), ow = field(desc, D_OW);
  // Padded plane: wide enough that the last 4-pixel step of a row may read past it (into the next row or the slack).
  const hs = h + pt + field(desc, D_PB), ws = w + pl + field(desc, D_PR);
  const x = <usize>field(desc, D_X), wt = <usize>field(desc, D_W), bias = <usize>field(desc, D_BIAS), y = <usize>field(desc, D_Y);
  const padded = <usize>field(desc, D_SCRATCH) + <usize>tid * <usize>field(desc, D_SCRATCH_STRIDE);
  const clamp = field(desc, D_CLAMP) != 0;
  const lo = f32x4.splat(floatField(desc, D_LO)), hi = f32x4.splat(floatField(desc, D_HI));
  const multiplier = m / c, taps = kh * kw;
  const planes = n * m;
  const chunks = chunkCount(planes, chunk);
  for (let ch = claim(counter); ch < chunks; ch = claim(counter)) {
    for (let plane = ch * chunk, end = min(planes, plane + chunk); plane < end; plane++) {
      const img = plane / m, oc = plane - img * m;
      const src = x + (<usize>((img * c + oc / multiplier) * h * w) << 2);
      padPlane(padded, src, h, w, pt, pl, hs, ws);
      const wk = wt + (<usize>(oc * taps) << 2);
      const b = bias ? f32x4.splat(load<f32>(bias + (<usize>oc << 2))) : f32x4.splat(0);
      const out = y + (<usize>(plane * oh * ow) << 2);
      for (let r = 0; r < oh; r++) {
        const rowOut = out + (<usize>(r * ow) << 2);
        for (let q = 0; q < ow; q += 4) {
          let acc = b;
          for (let a = 0; a < kh; a++) {
            const rowIn = padded + (<usize>((r * sh + a * dh) * ws + q * sw) << 2);
            for (let t = 0; t < kw; t++) {
              const v = strided4(rowIn + (<usize>(t * dw) << 2), sw);
              acc = f32x4.add(acc, f32x4.mul(v128.load32_splat(wk + (<usize>(a * kw + t) << 2)), v));
            }
          }
          storeFirst(rowOut + (<usize>q << 2), clampTo(acc, clamp, lo, hi), min(4, ow - q));
        }
      }
    }
  }
}

