// Convolution forward for the backend's conv2d (training and the model API): images
// claimed in chunks, each computed by convImage (conv-plane.ts); `fused` (nonzero only in
// the relaxed-SIMD build) rounds each multiply-add once.
import { convImage } from './conv-plane';
import { epiloguePlanes } from './epilogue';
import { maxPoolPlanes } from './maxpool';
import { chunkCount, claim } from './partition';

/**
 * y = act(conv(x, w) + bias) for n images; apack holds the weights packed in MR-row
 * panels (packA), boff the tap table of convImage's layout. Per-thread scratch at
 * scratch + tid·scratchStride (convImageScratch floats).
 */
export function convForward(tid: i32, nt: i32, counter: usize, chunk: i32, x: usize, y: usize, scratch: usize, scratchStride: i32,
  apack: usize, boff: usize, bias: usize, n: i32, c: i32, h: i32, w: i32, o: i32, kh: i32, kw: i32, sh: i32, sw: i32,
  pt: i32, pl: i32, pb: i32, pr: i32, oh: i32, ow: i32, mr: i32, flags: i32, fused: i32): void {
  const base = scratch + <usize>tid * scratchStride;
  const inBytes = <usize>(c * h * w) << 2, outBytes = <usize>(o * oh * ow) << 2;
  const chunks = chunkCount(n, chunk);
  for (let ch = claim(counter); ch < chunks; ch = claim(counter))
    for (let img = ch * chunk, end = min(n, img + chunk); img < end; img++)
      convImage(fused != 0, x + <usize>img * inBytes, y + <usize>img * outBytes, base, apack, boff, bias, c, h, w, o, kh, kw,
        sh, sw, pt, pl, pb, pr, oh, ow, mr, flags);
}

/**
 * conv2dMaxPool: per image, the bare convolution sums into per-thread scratch (after
 * convImage's own scratch, at + convScratchFloats·4), pooled with argmax into y and arg,
 * then bias and activation on the pooled values only: max commutes with adding a
 * constant and with a non-decreasing activation. The convolution's output is never
 * written to the heap. Pool geometry: pkh, pkw, psh, psw, ppt, ppl → poh × pow.
 */
export function convPoolForward(tid: i32, nt: i32, counter: usize, chunk: i32, x: usize, y: usize, arg: usize, scratch: usize,
  scratchStride: i32, convScratchFloats: i32, apack: usize, boff: usize, bias: usize, n: i32, c: i32, h: i32, w: i32, o: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32, pb: i32, pr: i32, oh: i32, ow: i32, mr: i32, flags: i32, fused: i32,
  pkh: i32, pkw: i32, psh: i32, psw: i32, ppt: i32, ppl: i32, poh: i32, pow: i32): void {
  const base = scratch + <usize>tid * scratchStride;
  const convOut = base + (<usize>convScratchFloats << 2) + 64;
  const inBytes = <usize>(c * h * w) << 2, pooledFloats = o * poh * pow;
  const chunks = chunkCount(n, chunk);
  for (let ch = claim(counter); ch < chunks; ch = claim(counter))
    for (let img = ch * chunk, end = min(n, img + chunk); img < end; img++) {
      convImage(fused != 0, x + <usize>img * inBytes, convOut, base, apack, boff, 0, c, h, w, o, kh, kw, sh, sw, pt, pl, pb, pr,
        oh, ow, mr, 0);
      const yi = y + (<usize>(img * pooledFloats) << 2), ai = arg + (<usize>(img * pooledFloats) << 2);
      maxPoolPlanes(convOut, yi, ai, 0, o, oh, ow, pkh, pkw, psh, psw, ppt, ppl, poh, pow);
      epiloguePlanes(yi, o, poh * pow, bias, flags);
    }
}
