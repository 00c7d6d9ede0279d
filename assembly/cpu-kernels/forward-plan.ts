// A whole forward pass in one call: the layers of a plan (written by the TypeScript
// side, src/graph/backends/cpu/wasm/forward-plan.ts) run image chunk by image chunk,
// so a chunk's activations stay in this thread's cache-sized buffers from the first
// layer to the last. Threads claim chunks (partition.ts); every image's result is the
// same whichever thread or chunk computes it.
//
// Plan layout (i32 words): a header of HEADER words, then one record of RECORD words
// per step. Header: [steps, bufferFloats, convScratchFloats, inputFloats, outputFloats].
// Records start with the op code; their fields are listed at each op below.
import { convImage } from './conv-plane';
import { denseRows } from './dense';
import { poolPlanes } from './pool-epilogue';
import { epiloguePlanes } from './epilogue';
import { chunkCount, claim } from './partition';

export const HEADER: i32 = 8;
export const RECORD: i32 = 32;

/** conv: c h w o kh kw sh sw pt pl pb pr oh ow apack boff bias mr flags */
export const OP_CONV: i32 = 1;
/** conv then max pool of its bare sums, bias and activation after the pool: the conv fields, then ph pw psh psw ppt ppl poh pow */
export const OP_CONV_POOL: i32 = 2;
/** max pool: ch h w kh kw sh sw pt pl oh ow bias flags */
export const OP_POOL: i32 = 3;
/** dense: k n bpack bias flags */
export const OP_DENSE: i32 = 4;
/** activation alone: size flags */
export const OP_ACTIVATION: i32 = 5;

// @ts-ignore: decorator
@inline function f(rec: usize, i: i32): i32 {
  return load<i32>(rec + (<usize>i << 2));
}

/** Floats per image a step reads and writes. */
function stepSizes(rec: usize): i64 {
  const op = f(rec, 0);
  let inF = 0, outF = 0;
  if (op == OP_CONV || op == OP_CONV_POOL) {
    inF = f(rec, 1) * f(rec, 2) * f(rec, 3);
    outF = op == OP_CONV ? f(rec, 4) * f(rec, 13) * f(rec, 14) : f(rec, 4) * f(rec, 26) * f(rec, 27);
  } else if (op == OP_POOL) {
    inF = f(rec, 1) * f(rec, 2) * f(rec, 3);
    outF = f(rec, 1) * f(rec, 10) * f(rec, 11);
  } else if (op == OP_DENSE) {
    inF = f(rec, 1); outF = f(rec, 2);
  } else {
    inF = outF = f(rec, 1);
  }
  return (<i64>inF << 32) | <i64>outF;
}

/**
 * Runs plan `plan` on n images x [n × inputFloats] into y [n × outputFloats], `chunk`
 * images per claim. Per-thread scratch (scratch + tid·scratchStride): two activation
 * buffers of chunk·bufferFloats and the convolution scratch, then (for conv+pool) one
 * image's conv output.
 */
export function runPlan(tid: i32, nt: i32, counter: usize, chunk: i32, plan: usize, n: i32, x: usize, y: usize,
  scratch: usize, scratchStride: i32, fused: i32): void {
  const steps = f(plan, 0), bufferFloats = f(plan, 1), convScratchFloats = f(plan, 2);
  const inputFloats = f(plan, 3), outputFloats = f(plan, 4);
  const base = scratch + <usize>tid * scratchStride;
  const bufBytes = (<usize>(chunk * bufferFloats) << 2) + 64;
  const buf0 = base, buf1 = buf0 + bufBytes, convScratch = buf1 + bufBytes;
  const convOut = convScratch + (<usize>convScratchFloats << 2) + 64;
  const chunks = chunkCount(n, chunk);
  for (let ch = claim(counter); ch < chunks; ch = claim(counter)) {
    const i0 = ch * chunk, g = min(chunk, n - i0);
    let src = x + (<usize>(i0 * inputFloats) << 2);
    for (let s = 0; s < steps; s++) {
      const rec = plan + (<usize>(HEADER + s * RECORD) << 2);
      const dst = s == steps - 1 ? y + (<usize>(i0 * outputFloats) << 2) : (s & 1 ? buf1 : buf0);
      runStep(fused != 0, rec, src, dst, g, convScratch, convOut);
      src = dst;
    }
  }
}

function runStep(fused: bool, rec: usize, src: usize, dst: usize, g: i32, convScratch: usize, convOut: usize): void {
  const op = f(rec, 0);
  const sizes = stepSizes(rec);
  const inBytes = <usize>(sizes >> 32) << 2, outBytes = <usize>(sizes & 0xffffffff) << 2;
  if (op == OP_DENSE) {
    denseRows(fused, src, g, f(rec, 1), <usize>f(rec, 3), f(rec, 2), <usize>f(rec, 4), dst, f(rec, 5));
    return;
  }
  for (let i = 0; i < g; i++) {
    const xi = src + <usize>i * inBytes, yi = dst + <usize>i * outBytes;
    if (op == OP_CONV || op == OP_CONV_POOL) {
      const pooled = op == OP_CONV_POOL;
      // conv fields: 1 c, 2 h, 3 w, 4 o, 5 kh, 6 kw, 7 sh, 8 sw, 9 pt, 10 pl, 11 pb, 12 pr, 13 oh, 14 ow,
      // 15 apack, 16 boff, 17 bias, 18 mr, 19 flags; pool fields 20 ph .. 27 pow.
      convImage(fused, xi, pooled ? convOut : yi, convScratch, <usize>f(rec, 15), <usize>f(rec, 16), <usize>f(rec, 17),
        f(rec, 1), f(rec, 2), f(rec, 3), f(rec, 4), f(rec, 5), f(rec, 6), f(rec, 7), f(rec, 8), f(rec, 9), f(rec, 10),
        f(rec, 11), f(rec, 12), f(rec, 13), f(rec, 14), f(rec, 18), pooled ? 0 : f(rec, 19));
      if (pooled)
        poolPlanes(convOut, yi, f(rec, 4), f(rec, 13), f(rec, 14), f(rec, 20), f(rec, 21), f(rec, 22), f(rec, 23),
          f(rec, 24), f(rec, 25), f(rec, 26), f(rec, 27), <usize>f(rec, 17), f(rec, 19));
    } else if (op == OP_POOL) {
      poolPlanes(xi, yi, f(rec, 1), f(rec, 2), f(rec, 3), f(rec, 4), f(rec, 5), f(rec, 6), f(rec, 7), f(rec, 8),
        f(rec, 9), f(rec, 10), f(rec, 11), <usize>f(rec, 12), f(rec, 13));
    } else {
      copyActivate(xi, yi, f(rec, 1), f(rec, 2));
    }
  }
}

/** y = act(x) over `size` floats. */
function copyActivate(x: usize, y: usize, size: i32, flags: i32): void {
  for (let i = 0; i < size; i += 4) v128.store(y + (<usize>i << 2), v128.load(x + (<usize>i << 2)));
  epiloguePlanes(y, 1, size, 0, flags);
}
