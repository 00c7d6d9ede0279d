// Convolution forward for the backend's conv2d (training and the model API): images
// claimed in chunks, each computed by convImage (conv-plane.ts); `fused` (nonzero only in
// the relaxed-SIMD build) rounds each multiply-add once.
import { convImage } from './conv-plane';
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
