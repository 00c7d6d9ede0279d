// 4×4 transposes with shuffles, for the kernels that change a layout (packing panels,
// putting four images in the lanes of one vector): a scalar gather is about 4× slower.
import { storeLanes } from './microkernel';

// @ts-ignore: decorator
@inline function zip(x: v128, y: v128, lo: bool): v128 {
  return lo ? v128.shuffle<f32>(x, y, 0, 4, 1, 5) : v128.shuffle<f32>(x, y, 2, 6, 3, 7);
}

/** Stores the transpose of rows v0..v3: lane l of each row goes to d_l (its first `lanes` lanes). */
// @ts-ignore: decorator
@inline export function storeTransposed(v0: v128, v1: v128, v2: v128, v3: v128, d0: usize, d1: usize, d2: usize, d3: usize,
  lanes: i32): void {
  const t0 = zip(v0, v1, true), t1 = zip(v2, v3, true), t2 = zip(v0, v1, false), t3 = zip(v2, v3, false);
  storeLanes(d0, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5), lanes);
  storeLanes(d1, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7), lanes);
  storeLanes(d2, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), lanes);
  storeLanes(d3, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7), lanes);
}
