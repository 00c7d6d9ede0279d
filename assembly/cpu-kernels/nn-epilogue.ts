// Shared by the graph executor's convolution kernels (nn-conv.ts, nn-depthwise.ts):
// their descriptor layout (written by src/graph/executor/devices/cpu/conv-descriptor.ts)
// and the output epilogue (bias, then an optional clamp that serves Relu, Relu6 and Clip).

/** Descriptor fields, i32 words at desc + 4·index (the f32 ones are stored as float bits). */
export const D_X: i32 = 0;
export const D_W: i32 = 1;
export const D_BIAS: i32 = 2;
export const D_Y: i32 = 3;
export const D_SCRATCH: i32 = 4;
export const D_SCRATCH_STRIDE: i32 = 5;
export const D_N: i32 = 6;
export const D_C: i32 = 7;
export const D_H: i32 = 8;
export const D_W_IN: i32 = 9;
export const D_M: i32 = 10;
export const D_KH: i32 = 11;
export const D_KW: i32 = 12;
export const D_SH: i32 = 13;
export const D_SW: i32 = 14;
export const D_DH: i32 = 15;
export const D_DW: i32 = 16;
export const D_PT: i32 = 17;
export const D_PL: i32 = 18;
export const D_PB: i32 = 19;
export const D_PR: i32 = 20;
export const D_OH: i32 = 21;
export const D_OW: i32 = 22;
export const D_X_IMAGE: i32 = 23;
export const D_Y_IMAGE: i32 = 24;
export const D_PANELS_PER_CHUNK: i32 = 25;
export const D_COLS_PER_CHUNK: i32 = 26;
export const D_CLAMP: i32 = 27;
export const D_LO: i32 = 28;
export const D_HI: i32 = 29;

// @ts-ignore: decorator
@inline export function field(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

// @ts-ignore: decorator
@inline export function floatField(desc: usize, index: i32): f32 {
  return load<f32>(desc + (<usize>index << 2));
}

/** Store the first n (0..4) lanes of v at p. */
// @ts-ignore: decorator
@inline export function storeFirst(p: usize, v: v128, n: i32): void {
  if (n >= 4) v128.store(p, v);
  else {
    if (n > 0) v128.store32_lane(p, v, 0);
    if (n > 1) v128.store32_lane(p, v, 1, 4);
    if (n > 2) v128.store32_lane(p, v, 2, 8);
  }
}

/** acc clamped to [lo, hi] when `clamp` (NaN stays NaN, as Clip and Relu6 give it). */
// @ts-ignore: decorator
@inline export function clampTo(acc: v128, clamp: bool, lo: v128, hi: v128): v128 {
  if (!clamp) return acc;
  // pmax(a, b) = a < b ? b : a keeps a NaN a; likewise pmin.
  return f32x4.pmin(f32x4.pmax(acc, lo), hi);
}
