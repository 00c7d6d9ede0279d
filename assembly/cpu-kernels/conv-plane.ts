// One image's convolution as contiguous pixel runs for the tiles of conv-tiles.ts:
// stride 1 reads the image's shifted copies (padded first when there is padding),
// other strides an im2col matrix. The tap offset table `boff` matches the layout
// (shiftedOffsets or strideOffsets in pack.ts); the caller builds it once.
import { convRun } from './conv-tiles';
import { im2col, padImage, shiftedCopies } from './im2col';

/** Floats of scratch convImage needs (plus 64-byte slack for each part). */
export function convImageScratch(c: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32,
  pb: i32, pr: i32, oh: i32, ow: i32): i32 {
  if (sh != 1 || sw != 1) return c * kh * kw * oh * ow + 16;
  const hs = h + pt + pb, ws = w + pl + pr;
  const padding = (pt | pl | pb | pr) != 0;
  return (padding ? c * hs * ws + 16 : 0) + c * kw * hs * ow + 16;
}

/** y[O × OH·OW] for one image x [C,H,W]; scratch as convImageScratch says. */
export function convImage(fused: bool, x: usize, y: usize, scratch: usize, apack: usize, boff: usize, bias: usize,
  c: i32, h: i32, w: i32, o: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32, pb: i32, pr: i32,
  oh: i32, ow: i32, mr: i32, flags: i32): void {
  const k = c * kh * kw, plane = oh * ow;
  let src = x;
  if (sh != 1 || sw != 1) {
    im2col(scratch, x, c, h, w, kh, kw, sh, sw, pt, pl, oh, ow);
    src = scratch;
  } else {
    const hs = h + pt + pb, ws = w + pl + pr;
    let copies = scratch;
    if ((pt | pl | pb | pr) != 0) {
      padImage(scratch, x, c, h, w, pt, pl, pb, pr);
      src = scratch;
      copies = scratch + (<usize>(c * hs * ws + 16) << 2);
    }
    shiftedCopies(copies, src, c, hs, ws, kw, ow);
    src = copies;
  }
  convRun(fused, apack, src, boff, k, y, plane, o, mr, bias, flags);
}
