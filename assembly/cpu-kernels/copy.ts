// Small memory helpers (memory.copy/fill are runtime calls in V8: too slow for short runs).

/**
 * Copy `len` floats from src to dst (non-overlapping). A ragged end of a run of 4 or
 * more is one vector ending at the run's end, overlapping the last whole one (short
 * rows such as shifted copies' 10 floats are copied many times).
 */
export function copyFloats(dst: usize, src: usize, len: i32): void {
  let i = 0;
  for (; i + 4 <= len; i += 4) v128.store(dst + (<usize>i << 2), v128.load(src + (<usize>i << 2)));
  if (i == len) return;
  if (len >= 4) {
    const last = <usize>(len - 4) << 2;
    v128.store(dst + last, v128.load(src + last));
    return;
  }
  for (; i < len; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
}

/** Set `len` floats at dst to zero. */
export function zeroFloats(dst: usize, len: i32): void {
  const z = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= len; i += 4) v128.store(dst + (<usize>i << 2), z);
  for (; i < len; i++) store<f32>(dst + (<usize>i << 2), 0);
}
