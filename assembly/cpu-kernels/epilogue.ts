// Bias and activation applied in place over finished sums, in a pass of its own (see
// conv-tiles.ts for why it is not in the tiles).
import { EPI_RELU, EPI_ROW_BIAS, EPI_SIGMOID, storeLanes } from './microkernel';
import { relu4, sigmoid4 } from './simd-math';

/** y = act(y + bias[c]) over `planes` planes of `plane` floats (bias per plane when EPI_ROW_BIAS). */
export function epiloguePlanes(y: usize, planes: i32, plane: i32, bias: usize, flags: i32): void {
  if ((flags & (EPI_ROW_BIAS | EPI_RELU | EPI_SIGMOID)) == 0) return;
  const full = plane & ~3, rest = plane & 3;
  for (let c = 0; c < planes; c++) {
    const b = flags & EPI_ROW_BIAS ? v128.load32_splat(bias + (<usize>c << 2)) : f32x4.splat(0);
    let p = y + (<usize>(c * plane) << 2);
    const end = p + (<usize>full << 2);
    if (flags & EPI_SIGMOID) {
      // Four independent vectors per step: the sigmoid is one long dependency chain.
      for (; p + 48 < end; p += 64) {
        const s0 = sigmoid4(f32x4.add(v128.load(p), b)), s1 = sigmoid4(f32x4.add(v128.load(p, 16), b));
        const s2 = sigmoid4(f32x4.add(v128.load(p, 32), b)), s3 = sigmoid4(f32x4.add(v128.load(p, 48), b));
        v128.store(p, s0); v128.store(p, s1, 16); v128.store(p, s2, 32); v128.store(p, s3, 48);
      }
      for (; p < end; p += 16) v128.store(p, sigmoid4(f32x4.add(v128.load(p), b)));
      if (rest) storeLanes(p, sigmoid4(f32x4.add(v128.load(p), b)), rest);
    } else if (flags & EPI_RELU) {
      for (; p < end; p += 16) v128.store(p, relu4(f32x4.add(v128.load(p), b)));
      if (rest) storeLanes(p, relu4(f32x4.add(v128.load(p), b)), rest);
    } else {
      for (; p < end; p += 16) v128.store(p, f32x4.add(v128.load(p), b));
      if (rest) storeLanes(p, f32x4.add(v128.load(p), b), rest);
    }
  }
}
