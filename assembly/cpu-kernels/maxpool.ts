// Max pooling, with argmax (flat index within the input plane, stored as a float) for
// training, or values only for forward plans (pool-epilogue.ts). Windows follow the
// reference's rule: taps in the padding are skipped, a later tap wins only when
// strictly greater (the first maximum wins).
import { chunkCount, claim } from './partition';
import { zeroFloats } from './copy';
import { storeLanes } from './microkernel';

/**
 * 2×2 windows, stride 2, no padding: four outputs per step. Even/odd input columns are
 * separated with shuffles, and the first-maximum rule becomes three compare-and-select
 * steps, branch-free. `withArgmax` is a constant in each specialisation.
 */
// @ts-ignore: decorator
@inline function pool2x2RowBody(withArgmax: bool, src: usize, w: i32, r: i32, ow: i32, dst: usize, idx: usize): void {
  const row0 = src + (<usize>(2 * r * w) << 2), row1 = row0 + (<usize>w << 2);
  // The last group may be partial: its extra lanes read past the row (slack) and are not stored.
  for (let q = 0; q < ow; q += 4) {
    const off = <usize>(2 * q) << 2;
    const a0 = v128.load(row0 + off), a1 = v128.load(row0 + off, 16);
    const b0 = v128.load(row1 + off), b1 = v128.load(row1 + off, 16);
    const e0 = v128.shuffle<f32>(a0, a1, 0, 2, 4, 6), o0 = v128.shuffle<f32>(a0, a1, 1, 3, 5, 7);
    const e1 = v128.shuffle<f32>(b0, b1, 0, 2, 4, 6), o1 = v128.shuffle<f32>(b0, b1, 1, 3, 5, 7);
    const base = i32x4.add(i32x4.splat(2 * r * w + 2 * q), i32x4(0, 2, 4, 6));
    let best = e0, at = base;
    let m = f32x4.gt(o0, best);
    best = v128.bitselect(o0, best, m);
    if (withArgmax) at = v128.bitselect(i32x4.add(base, i32x4.splat(1)), at, m);
    m = f32x4.gt(e1, best);
    best = v128.bitselect(e1, best, m);
    if (withArgmax) at = v128.bitselect(i32x4.add(base, i32x4.splat(w)), at, m);
    m = f32x4.gt(o1, best);
    best = v128.bitselect(o1, best, m);
    if (withArgmax) at = v128.bitselect(i32x4.add(base, i32x4.splat(w + 1)), at, m);
    const n = min(4, ow - q);
    storeLanes(dst + (<usize>q << 2), best, n);
    if (withArgmax) storeLanes(idx + (<usize>q << 2), f32x4.convert_i32x4_s(at), n);
  }
}

/** Any window, stride and padding; taps in the padding are skipped. */
// @ts-ignore: decorator
@inline function poolGenericRowBody(withArgmax: bool, src: usize, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32,
  pt: i32, pl: i32, r: i32, ow: i32, dst: usize, idx: usize): void {
  for (let q = 0; q < ow; q++) {
    let best: f32 = -Infinity;
    let bestIndex = -1;
    for (let a = 0; a < kh; a++) {
      const ih = r * sh - pt + a;
      if (ih < 0 || ih >= h) continue;
      for (let b = 0; b < kw; b++) {
        const iw = q * sw - pl + b;
        if (iw < 0 || iw >= w) continue;
        const v = load<f32>(src + (<usize>(ih * w + iw) << 2));
        if (v > best || bestIndex < 0) { best = v; bestIndex = ih * w + iw; }
      }
    }
    store<f32>(dst + (<usize>q << 2), best);
    if (withArgmax) store<f32>(idx + (<usize>q << 2), <f32>bestIndex);
  }
}

// One function per specialisation (see conv-tiles.ts).
function pool2x2RowArgmax(src: usize, w: i32, r: i32, ow: i32, dst: usize, idx: usize): void {
  pool2x2RowBody(true, src, w, r, ow, dst, idx);
}
function pool2x2RowValues(src: usize, w: i32, r: i32, ow: i32, dst: usize): void {
  pool2x2RowBody(false, src, w, r, ow, dst, 0);
}
function poolGenericRowArgmax(src: usize, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32, r: i32,
  ow: i32, dst: usize, idx: usize): void {
  poolGenericRowBody(true, src, h, w, kh, kw, sh, sw, pt, pl, r, ow, dst, idx);
}
function poolGenericRowValues(src: usize, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32, r: i32,
  ow: i32, dst: usize): void {
  poolGenericRowBody(false, src, h, w, kh, kw, sh, sw, pt, pl, r, ow, dst, 0);
}

export function maxPoolForward(tid: i32, nt: i32, counter: usize, chunk: i32, x: usize, y: usize, arg: usize, planes: i32,
  h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32, oh: i32, ow: i32): void {
  const chunks = chunkCount(planes, chunk);
  for (let ch = claim(counter); ch < chunks; ch = claim(counter)) {
    const begin = ch * chunk;
    maxPoolPlanes(x, y, arg, begin, min(planes, begin + chunk), h, w, kh, kw, sh, sw, pt, pl, oh, ow);
  }
}

/**
 * Planes [begin, end) of x [· × h × w] pooled into y, and their argmax into arg
 * ([· × oh × ow] each) when `arg` is not 0.
 */
export function maxPoolPlanes(x: usize, y: usize, arg: usize, begin: i32, end: i32, h: i32, w: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, pt: i32, pl: i32, oh: i32, ow: i32): void {
  const inPlane = h * w, outPlane = oh * ow;
  const simple = kh == 2 && kw == 2 && sh == 2 && sw == 2 && pt == 0 && pl == 0 && 2 * oh <= h && 2 * ow <= w;
  for (let pIdx = begin; pIdx < end; pIdx++) {
    const src = x + (<usize>(pIdx * inPlane) << 2);
    const dst = y + (<usize>(pIdx * outPlane) << 2);
    const idx = arg + (<usize>(pIdx * outPlane) << 2);
    for (let r = 0; r < oh; r++) {
      const rowOff = <usize>(r * ow) << 2;
      if (arg == 0) {
        if (simple) pool2x2RowValues(src, w, r, ow, dst + rowOff);
        else poolGenericRowValues(src, h, w, kh, kw, sh, sw, pt, pl, r, ow, dst + rowOff);
      } else if (simple) pool2x2RowArgmax(src, w, r, ow, dst + rowOff, idx + rowOff);
      else poolGenericRowArgmax(src, h, w, kh, kw, sh, sw, pt, pl, r, ow, dst + rowOff, idx + rowOff);
    }
  }
}

export function maxPoolBackward(tid: i32, nt: i32, counter: usize, chunk: i32, dy: usize, arg: usize, dx: usize,
  planes: i32, inPlane: i32, outPlane: i32): void {
  const chunks = chunkCount(planes, chunk);
  for (let ch = claim(counter); ch < chunks; ch = claim(counter)) {
    const begin = ch * chunk, end = min(planes, begin + chunk);
    backwardPlanes(dy, arg, dx, begin, end, inPlane, outPlane);
  }
}

function backwardPlanes(dy: usize, arg: usize, dx: usize, begin: i32, end: i32, inPlane: i32, outPlane: i32): void {
  zeroFloats(dx + (<usize>(begin * inPlane) << 2), (end - begin) * inPlane);
  for (let pIdx = begin; pIdx < end; pIdx++) {
    const base = dx + (<usize>(pIdx * inPlane) << 2);
    let d = dy + (<usize>(pIdx * outPlane) << 2);
    let a = arg + (<usize>(pIdx * outPlane) << 2);
    for (let i = 0; i < outPlane; i++) {
      const t = base + (<usize>(<i32>load<f32>(a)) << 2);
      store<f32>(t, load<f32>(t) + load<f32>(d));
      d += 4; a += 4;
    }
  }
}
