// Input gradient of a stride-1 convolution, scattered from the output gradient:
//   dx[c][r+a][q+b] += Σ_o w[o][c][a][b] · dy[o][r][q]
// For a segment of 4 output-gradient pixels and 6 (or 4) taps (c,a,b), the sum over o
// is one register tile (A = wᵀ packed by taps, B = dy rows), and the epilogue adds each
// tap's row into dx at that tap's offset. Unlike a "full" convolution of zero-padded dy
// with the flipped kernel, no multiply hits padding: half the work for LeNet's conv2.
import { EPI_ACCUMULATE, tile1, tile2 } from './microkernel';
import { copyFloats, zeroFloats } from './copy';
import { partBegin, partEnd } from './partition';

/**
 * apack: wᵀ [taps × O] as MR-row panels (packA with trans); boff[o] = o·OH·OW·4;
 * toff[tap] = offset of tap (c,a,b) in a [C, H+pt+pb, W+pl+pr] plane (convOffsets).
 * With padding, each image is accumulated in a zeroed padded buffer (per-thread
 * scratch: 256 B reserved | buffer) and its interior copied out.
 */
export function convBackwardInput(tid: i32, nt: i32, dy: usize, apack: usize, boff: usize, toff: usize, dx: usize,
  scratch: usize, scratchStride: i32, n: i32, c: i32, h: i32, w: i32, o: i32, kh: i32, kw: i32,
  pt: i32, pl: i32, pb: i32, pr: i32, oh: i32, ow: i32, mr: i32): void {
  const taps = c * kh * kw;
  const hp = h + pt + pb, wp = w + pl + pr;
  const padding = (pt | pl | pb | pr) != 0;
  const padded = scratch + <usize>tid * scratchStride + 256;
  const panelBytes = <usize>(mr * o) << 2;
  const dyBytes = <usize>(o * oh * ow) << 2, dxBytes = <usize>(c * h * w) << 2;
  for (let img = partBegin(n, tid, nt), end = partEnd(n, tid, nt); img < end; img++) {
    const src = dy + <usize>img * dyBytes;
    const dst = padding ? padded : dx + <usize>img * dxBytes;
    zeroFloats(dst, c * hp * wp);
    let pending = false;
    let pbp: usize = 0, pcp: usize = 0;
    let pv = 0;
    for (let r = 0; r < oh; r++) {
      for (let q = 0; q < ow; q += 4) {
        const valid = min(4, ow - q);
        const b = src + (<usize>(r * ow + q) << 2), cc = dst + (<usize>(r * wp + q) << 2);
        if (!pending) {
          pbp = b; pcp = cc; pv = valid;
          pending = true;
          continue;
        }
        let a = apack;
        for (let t = 0; t < taps; t += mr) {
          tile2(mr, a, pbp, b - pbp, boff, o, pcp, cc - pcp, 0, toff + (<usize>t << 2), min(mr, taps - t), pv, valid,
            0, 0, 1, 0, EPI_ACCUMULATE);
          a += panelBytes;
        }
        pending = false;
      }
    }
    if (pending) {
      let a = apack;
      for (let t = 0; t < taps; t += mr) {
        tile1(mr, a, pbp, boff, o, pcp, 0, toff + (<usize>t << 2), min(mr, taps - t), pv, 0, 0, 1, 0, EPI_ACCUMULATE);
        a += panelBytes;
      }
    }
    if (padding) {
      let out = dx + <usize>img * dxBytes;
      for (let ci = 0; ci < c; ci++)
        for (let r = 0; r < h; r++) {
          copyFloats(out, padded + (<usize>((ci * hp + r + pt) * wp + pl) << 2), w);
          out += <usize>w << 2;
        }
    }
  }
}
