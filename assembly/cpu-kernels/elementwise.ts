// Element-wise kernels: activations and their gradients, sums.
import { relu4, sigmoid4 } from './simd-math';
import { chunkCount, claim } from './partition';

export const UNARY_SIGMOID: i32 = 0;
export const UNARY_RELU: i32 = 1;

/** `chunk` floats per claim (a multiple of 16: chunks start on 64-byte boundaries). */
export function unaryForward(tid: i32, nt: i32, counter: usize, chunk: i32, op: i32, x: usize, y: usize, len: i32): void {
  const chunks = chunkCount(len, chunk);
  for (let ch = claim(counter); ch < chunks; ch = claim(counter)) unaryRange(op, x, y, ch * chunk, min(len, (ch + 1) * chunk));
}

function unaryRange(op: i32, x: usize, y: usize, begin: i32, end: i32): void {
  let i = begin;
  if (op == UNARY_SIGMOID) {
    for (; i + 4 <= end; i += 4) v128.store(y + (<usize>i << 2), sigmoid4(v128.load(x + (<usize>i << 2))));
    for (; i < end; i++) {
      const v = f32x4.extract_lane(sigmoid4(f32x4.splat(load<f32>(x + (<usize>i << 2)))), 0);
      store<f32>(y + (<usize>i << 2), v);
    }
  } else {
    for (; i + 4 <= end; i += 4) v128.store(y + (<usize>i << 2), relu4(v128.load(x + (<usize>i << 2))));
    for (; i < end; i++) {
      const v = load<f32>(x + (<usize>i << 2));
      store<f32>(y + (<usize>i << 2), v > 0 ? v : 0);
    }
  }
}

/** dx = dy·y·(1-y) (sigmoid) or dy·[y > 0] (relu). */
export function unaryBackward(tid: i32, nt: i32, counter: usize, chunk: i32, op: i32, y: usize, dy: usize, dx: usize, len: i32): void {
  const chunks = chunkCount(len, chunk);
  for (let ch = claim(counter); ch < chunks; ch = claim(counter)) unaryBackwardRange(op, y, dy, dx, ch * chunk, min(len, (ch + 1) * chunk));
}

function unaryBackwardRange(op: i32, y: usize, dy: usize, dx: usize, begin: i32, end: i32): void {
  let i = begin;
  const one = f32x4.splat(1), zero = f32x4.splat(0);
  if (op == UNARY_SIGMOID) {
    for (; i + 4 <= end; i += 4) {
      const o = <usize>i << 2;
      const v = v128.load(y + o);
      v128.store(dx + o, f32x4.mul(v128.load(dy + o), f32x4.mul(v, f32x4.sub(one, v))));
    }
    for (; i < end; i++) {
      const o = <usize>i << 2;
      const v = load<f32>(y + o);
      store<f32>(dx + o, load<f32>(dy + o) * (v * (1 - v)));
    }
  } else {
    for (; i + 4 <= end; i += 4) {
      const o = <usize>i << 2;
      // dy·1 or dy·0, as the reference multiplies (keeps -0 and NaN·0 behaviour).
      const mask = f32x4.gt(v128.load(y + o), zero);
      v128.store(dx + o, f32x4.mul(v128.load(dy + o), v128.bitselect(one, zero, mask)));
    }
    for (; i < end; i++) {
      const o = <usize>i << 2;
      store<f32>(dx + o, load<f32>(dy + o) * (load<f32>(y + o) > 0 ? <f32>1 : <f32>0));
    }
  }
}

/** dst[i] += src[i]. */
export function addInto(dst: usize, src: usize, len: i32): void {
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    const o = <usize>i << 2;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
  }
}

/** out[c] = Σ_r x[r][c]. */
export function sumRows(x: usize, out: usize, rows: i32, cols: i32): void {
  const c4 = cols & ~3;
  const ld = <usize>cols << 2;
  for (let c = 0; c < c4; c += 4) {
    let acc = f32x4.splat(0);
    let p = x + (<usize>c << 2);
    for (let r = 0; r < rows; r++) {
      acc = f32x4.add(acc, v128.load(p));
      p += ld;
    }
    v128.store(out + (<usize>c << 2), acc);
  }
  for (let c = c4; c < cols; c++) {
    let s: f32 = 0;
    let p = x + (<usize>c << 2);
    for (let r = 0; r < rows; r++) {
      s += load<f32>(p);
      p += ld;
    }
    store<f32>(out + (<usize>c << 2), s);
  }
}
