// Max pooling for forward plans: values only (no argmax), with a bias and activation
// applied to the pooled values. A plan pools a convolution's bare sums and adds the
// bias and activation after: max commutes with adding a constant and with any
// non-decreasing activation, so this equals pooling the activated output (up to a last
// ulp of the sigmoid), with 4× fewer sigmoids. The activation runs as a pass of its
// own over the pooled planes (epilogue.ts), where four sigmoids overlap.
import { EPI_ROW_BIAS, storeLanes } from './microkernel';
import { epiloguePlanes } from './epilogue';

/**
 * Pools `channels` planes [h × w] of src into [oh × ow] planes of dst, then adds the
 * bias (EPI_ROW_BIAS, one per channel) and applies the activation. Windows follow the
 * reference's rule: taps in the padding are skipped, a later tap wins only when
 * strictly greater.
 */
export function poolPlanes(src: usize, dst: usize, channels: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32,
  pt: i32, pl: i32, oh: i32, ow: i32, bias: usize, flags: i32): void {
  const simple = kh == 2 && kw == 2 && sh == 2 && sw == 2 && pt == 0 && pl == 0 && 2 * oh <= h && 2 * ow <= w;
  for (let c = 0; c < channels; c++) {
    const b = flags & EPI_ROW_BIAS ? v128.load32_splat(bias + (<usize>c << 2)) : f32x4.splat(0);
    const plane = src + (<usize>(c * h * w) << 2);
    const out = dst + (<usize>(c * oh * ow) << 2);
    for (let r = 0; r < oh; r++) {
      const o = out + (<usize>(r * ow) << 2);
      if (simple) pool2x2Row(plane, w, r, ow, o, b);
      else poolGenericRow(plane, h, w, kh, kw, sh, sw, pt, pl, r, ow, o, b);
    }
  }
  epiloguePlanes(dst, 1, channels * oh * ow, 0, flags & ~EPI_ROW_BIAS);
}

function pool2x2Row(src: usize, w: i32, r: i32, ow: i32, dst: usize, b: v128): void {
  const row0 = src + (<usize>(2 * r * w) << 2), row1 = row0 + (<usize>w << 2);
  // The last group may be partial: its extra lanes read past the row (slack) and are not stored.
  for (let q = 0; q < ow; q += 4) {
    const off = <usize>(2 * q) << 2;
    const a0 = v128.load(row0 + off), a1 = v128.load(row0 + off, 16);
    const b0 = v128.load(row1 + off), b1 = v128.load(row1 + off, 16);
    let best = v128.shuffle<f32>(a0, a1, 0, 2, 4, 6);
    const o0 = v128.shuffle<f32>(a0, a1, 1, 3, 5, 7);
    const e1 = v128.shuffle<f32>(b0, b1, 0, 2, 4, 6), o1 = v128.shuffle<f32>(b0, b1, 1, 3, 5, 7);
    best = v128.bitselect(o0, best, f32x4.gt(o0, best));
    best = v128.bitselect(e1, best, f32x4.gt(e1, best));
    best = v128.bitselect(o1, best, f32x4.gt(o1, best));
    storeLanes(dst + (<usize>q << 2), f32x4.add(best, b), min(4, ow - q));
  }
}

function poolGenericRow(src: usize, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32,
  r: i32, ow: i32, dst: usize, b: v128): void {
  for (let q = 0; q < ow; q++) {
    let best: f32 = -Infinity;
    let found = false;
    for (let a = 0; a < kh; a++) {
      const ih = r * sh - pt + a;
      if (ih < 0 || ih >= h) continue;
      for (let t = 0; t < kw; t++) {
        const iw = q * sw - pl + t;
        if (iw < 0 || iw >= w) continue;
        const v = load<f32>(src + (<usize>(ih * w + iw) << 2));
        if (v > best || !found) { best = v; found = true; }
      }
    }
    storeLanes(dst + (<usize>q << 2), f32x4.add(f32x4.splat(best), b), 1);
  }
}
