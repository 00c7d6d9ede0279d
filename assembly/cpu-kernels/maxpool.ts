// Max pooling with argmax (flat index within the input plane, stored as a float).
import { partBegin, partEnd } from './partition';
import { zeroFloats } from './copy';

export function maxPoolForward(tid: i32, nt: i32, x: usize, y: usize, arg: usize, planes: i32,
  h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32, oh: i32, ow: i32): void {
  const inPlane = h * w, outPlane = oh * ow;
  const simple = kh == 2 && kw == 2 && sh == 2 && sw == 2 && pt == 0 && pl == 0 && 2 * oh <= h && 2 * ow <= w;
  for (let pIdx = partBegin(planes, tid, nt), end = partEnd(planes, tid, nt); pIdx < end; pIdx++) {
    const src = x + (<usize>(pIdx * inPlane) << 2);
    let dst = y + (<usize>(pIdx * outPlane) << 2);
    let idx = arg + (<usize>(pIdx * outPlane) << 2);
    for (let r = 0; r < oh; r++) {
      for (let q = 0; q < ow; q++) {
        let best: f32 = 0;
        let bestIndex = -1;
        if (simple) {
          // The reference's rule: strict '>' in row-major window order, first tap wins ties.
          const i0 = 2 * r * w + 2 * q;
          const p0 = src + (<usize>i0 << 2);
          best = load<f32>(p0); bestIndex = i0;
          let v = load<f32>(p0, 4);
          if (v > best) { best = v; bestIndex = i0 + 1; }
          v = load<f32>(p0 + (<usize>w << 2));
          if (v > best) { best = v; bestIndex = i0 + w; }
          v = load<f32>(p0 + (<usize>w << 2), 4);
          if (v > best) { best = v; bestIndex = i0 + w + 1; }
        } else {
          best = -Infinity;
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
        }
        store<f32>(dst, best);
        store<f32>(idx, <f32>bestIndex);
        dst += 4; idx += 4;
      }
    }
  }
}

export function maxPoolBackward(tid: i32, nt: i32, dy: usize, arg: usize, dx: usize, planes: i32,
  inPlane: i32, outPlane: i32): void {
  const begin = partBegin(planes, tid, nt), end = partEnd(planes, tid, nt);
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
