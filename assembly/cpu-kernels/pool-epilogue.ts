// Max pooling for forward plans: values only (no argmax), then bias and activation on
// the pooled values. A plan pools a convolution's bare sums and adds the bias and
// activation after: max commutes with adding a constant and with any non-decreasing
// activation, so this equals pooling the activated output (up to a last ulp of the
// sigmoid), with 4× fewer sigmoids.
import { epiloguePlanes } from './epilogue';
import { maxPoolPlanes } from './maxpool';

/**
 * Pools `channels` planes [h × w] of src into [oh × ow] planes of dst (maxpool.ts, no
 * argmax), then adds the bias (EPI_ROW_BIAS, one per channel) and applies the activation.
 */
export function poolPlanes(src: usize, dst: usize, channels: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32,
  pt: i32, pl: i32, oh: i32, ow: i32, bias: usize, flags: i32): void {
  maxPoolPlanes(src, dst, 0, 0, channels, h, w, kh, kw, sh, sw, pt, pl, oh, ow);
  epiloguePlanes(dst, channels, oh * ow, bias, flags);
}
