/**
 * Convolutions on the WebAssembly kernels:
 * - forward: per image, the register tiles of conv-tiles.ts over the image's shifted
 *   copies (stride 1) or an im2col matrix (other strides);
 * - input gradient, stride 1: four images per vector, only the kernel taps that land
 *   inside the output gradient (assembly/cpu-kernels/conv-backward-input.ts); other
 *   strides fall back to TypeScript;
 * - weight gradient: 2×4 or 3×3 register blocks of dot products (assembly/cpu-kernels/
 *   conv-weight-blocks.ts) over the image read in place or its shifted copies (stride 1)
 *   or over an im2col matrix (other strides), partial sums per fixed chunk of images;
 * - a convolution whose kernel covers the whole unpadded input (LeNet's conv3, 1×1
 *   output) is a matrix product and goes to gemm.
 * Work is split across threads by image.
 */
import type { Conv2dGeometry, Pool2dGeometry, UnaryOp } from '../../../backend.js';
import { conv2dBackwardInputJs } from '../js/conv2d.js';
import { Arena } from '../memory/arena.js';
import type { CpuStorage } from '../memory/storage.js';
import type { ThreadPool } from '../workers/thread-pool.js';
import { EPI_ROW_BIAS, activationFlag, type KernelExports } from './exports.js';
import type { WasmGemm } from './gemm.js';

const TILE_BYTES = 256;
/** Image chunks per thread for the per-image kernels. */
const CHUNKS_PER_THREAD = 16;
/** Image chunks of a weight gradient (fixed, so the sum order never depends on threads). */
const WEIGHT_GRAD_CHUNKS = 16;

/** Most images whose shifted copies the weight gradient makes at once (then runs its blocks over). */
const SHIFTED_GROUP = 8;

/** Below this many multiply-adds a convolution runs on the calling thread. */
const PARALLEL_MIN_MACS = 1_000_000;

/**
 * Rows of a weight panel for the tiles of assembly/cpu-kernels/conv-tiles.ts: 4 when
 * they divide the channels, else 3 with fused multiply-add (its 3×3 tile spills
 * without) or 2.
 */
export function convPanelRows(channels: number, fused: boolean): number {
  if (channels % 4 === 0) return 4;
  if (fused && channels % 3 === 0) return 3;
  return 2;
}

/** Kernel covering the whole unpadded input: y[N×O] = x[N×K]·wᵀ. */
export function isMatrixProduct(g: Conv2dGeometry): boolean {
  return g.outHeight === 1 && g.outWidth === 1 && g.kernelHeight === g.inHeight && g.kernelWidth === g.inWidth &&
    g.padTop === 0 && g.padLeft === 0 && g.padBottom === 0 && g.padRight === 0;
}

export class WasmConv2d {
  constructor(
    private readonly k: KernelExports,
    private readonly pool: ThreadPool,
    private readonly arena: Arena,
    private readonly gemm: WasmGemm,
    /** Fused multiply-add (the relaxed-SIMD build): one rounding per multiply-add, training included. */
    private readonly fused: boolean,
  ) {}

  forward(x: CpuStorage, w: CpuStorage, b: CpuStorage | null, y: CpuStorage, g: Conv2dGeometry, act: UnaryOp | null): void {
    const taps = g.inChannels * g.kernelHeight * g.kernelWidth;
    if (isMatrixProduct(g)) {
      this.gemm.run(x, w, b, y, { m: g.batch, n: g.outChannels, k: taps, transA: false, transB: true, alpha: 1, beta: 1 }, act);
      return;
    }
    const flags = (b ? EPI_ROW_BIAS : 0) | activationFlag(act);
    const { mr, apack, boff, scratch, stride, parallel } = this.prepareForward(w, g, 0);
    this.pool.run('convForward', [this.imageChunk(g.batch), x.ptr, y.ptr, scratch, stride, apack, boff, b ? b.ptr : 0, g.batch,
      g.inChannels, g.inHeight, g.inWidth, g.outChannels, g.kernelHeight, g.kernelWidth, g.strideHeight, g.strideWidth,
      g.padTop, g.padLeft, g.padBottom, g.padRight, g.outHeight, g.outWidth, mr, flags, this.fused ? 1 : 0], parallel);
  }

  /**
   * What both forwards share: the weights packed in panels of `mr` rows, the tap offset
   * table, and per-thread scratch for convImage (conv-plane.ts) plus `extraBytes`.
   */
  private prepareForward(w: CpuStorage, g: Conv2dGeometry, extraBytes: number) {
    const taps = g.inChannels * g.kernelHeight * g.kernelWidth;
    const mr = convPanelRows(g.outChannels, this.fused);
    const apackBytes = Math.ceil(g.outChannels / mr) * mr * taps * 4;
    const convScratchFloats = this.k.convImageScratch(g.inChannels, g.inHeight, g.inWidth, g.kernelHeight, g.kernelWidth,
      g.strideHeight, g.strideWidth, g.padTop, g.padLeft, g.padBottom, g.padRight, g.outHeight, g.outWidth);
    const stride = TILE_BYTES + convScratchFloats * 4 + 64 + extraBytes;
    this.arena.begin(Arena.total(apackBytes, taps * 4, stride * this.pool.threads));
    const apack = this.arena.take(apackBytes), boff = this.arena.take(taps * 4);
    const scratch = this.arena.take(stride * this.pool.threads);
    this.k.packA(apack, w.ptr, taps, 0, 0, g.outChannels, 0, taps, mr);
    if (g.strideHeight === 1 && g.strideWidth === 1)
      this.k.shiftedOffsets(boff, g.inChannels, g.inHeight + g.padTop + g.padBottom, g.kernelHeight, g.kernelWidth, g.outWidth);
    else this.k.strideOffsets(boff, taps, g.outHeight * g.outWidth * 4);
    const parallel = g.batch > 1 && g.batch * g.outChannels * taps * g.outHeight * g.outWidth >= PARALLEL_MIN_MACS;
    return { mr, apack, boff, scratch, stride, convScratchFloats, parallel };
  }

  /**
   * Convolution, max pooling (argmax kept), then bias and activation on the pooled
   * values (assembly/cpu-kernels/conv.ts, convPoolForward): the convolution's output
   * stays in per-thread scratch.
   */
  forwardPooled(x: CpuStorage, w: CpuStorage, b: CpuStorage | null, y: CpuStorage, argmax: CpuStorage, g: Conv2dGeometry,
    p: Pool2dGeometry, act: UnaryOp | null): void {
    const flags = (b ? EPI_ROW_BIAS : 0) | activationFlag(act);
    // + the image's convolution output, with slack for the pooling's partial vectors.
    const { mr, apack, boff, scratch, stride, convScratchFloats, parallel } =
      this.prepareForward(w, g, g.outChannels * g.outHeight * g.outWidth * 4 + 128);
    this.pool.run('convPoolForward', [this.imageChunk(g.batch), x.ptr, y.ptr, argmax.ptr, scratch, stride, convScratchFloats, apack,
      boff, b ? b.ptr : 0, g.batch, g.inChannels, g.inHeight, g.inWidth, g.outChannels, g.kernelHeight, g.kernelWidth,
      g.strideHeight, g.strideWidth, g.padTop, g.padLeft, g.padBottom, g.padRight, g.outHeight, g.outWidth, mr, flags,
      this.fused ? 1 : 0, p.kernelHeight, p.kernelWidth, p.strideHeight, p.strideWidth, p.padTop, p.padLeft, p.outHeight,
      p.outWidth], parallel);
  }

  backwardInput(dy: CpuStorage, w: CpuStorage, dx: CpuStorage, g: Conv2dGeometry): void {
    const { kernelHeight: kh, kernelWidth: kw } = g;
    if (isMatrixProduct(g)) {
      this.gemm.run(dy, w, null, dx, { m: g.batch, n: g.inChannels * kh * kw, k: g.outChannels, transA: false, transB: false, alpha: 1, beta: 0 }, null);
      return;
    }
    if (g.strideHeight !== 1 || g.strideWidth !== 1) {
      conv2dBackwardInputJs(dy.data, w.data, dx.data, g);
      return;
    }
    // Weight panels and scratch per thread as conv-backward-input.ts lays them out.
    const packBytes = this.k.backwardInputPackFloats(g.outChannels, g.inChannels, kh, kw) * 4;
    const stride = TILE_BYTES + this.k.backwardInputScratch(g.inChannels, g.inHeight, g.outChannels, kw, g.outHeight, g.outWidth) * 4;
    this.arena.begin(Arena.total(packBytes, stride * this.pool.threads));
    const wpack = this.arena.take(packBytes);
    const scratch = this.arena.take(stride * this.pool.threads);
    this.k.packBackwardInputWeights(wpack, w.ptr, g.outChannels, g.inChannels, kh, kw);
    // Images go four to a vector: chunks count groups of four.
    this.pool.run('convBackwardInput', [this.imageChunk(Math.ceil(g.batch / 4)), dy.ptr, wpack, dx.ptr, scratch, stride, g.batch,
      g.inChannels, g.inHeight, g.inWidth, g.outChannels, kh, kw, g.padTop, g.padLeft, g.outHeight, g.outWidth, this.fused ? 1 : 0]);
  }

  backwardWeight(dy: CpuStorage, x: CpuStorage, dw: CpuStorage, g: Conv2dGeometry): void {
    const taps = g.inChannels * g.kernelHeight * g.kernelWidth;
    if (isMatrixProduct(g)) {
      this.gemm.run(dy, x, null, dw, { m: g.outChannels, n: taps, k: g.batch, transA: true, transB: false, alpha: 1, beta: 0 }, null);
      return;
    }
    const nt = this.pool.threads;
    // Chunks of images independent of the thread count, each with its own partial sum,
    // added in order: the gradient is bit-identical for any number of threads.
    const chunk = Math.max(1, Math.ceil(g.batch / WEIGHT_GRAD_CHUNKS));
    const chunks = Math.ceil(g.batch / chunk);
    const size = g.outChannels * taps;
    const partialBytes = chunks * size * 4;
    let partials: number;
    if (g.strideHeight === 1 && g.strideWidth === 1) {
      const { hs, ws, stride, group } = this.directScratch(g, taps, chunk);
      this.arena.begin(Arena.total(partialBytes, taps * 4, stride * nt));
      partials = this.arena.take(partialBytes);
      const toff = this.arena.take(taps * 4);
      const scratch = this.arena.take(stride * nt);
      if (group > 0) this.k.shiftedOffsets(toff, g.inChannels, hs, g.kernelHeight, g.kernelWidth, g.outWidth);
      else this.k.convOffsets(toff, g.inChannels, hs, ws, g.kernelHeight, g.kernelWidth);
      this.pool.run('convBackwardWeightDirect', [chunk, x.ptr, dy.ptr, partials, toff, scratch, stride, g.batch,
        g.inChannels, g.inHeight, g.inWidth, g.outChannels, g.kernelHeight, g.kernelWidth, g.padTop, g.padLeft,
        g.padBottom, g.padRight, g.outHeight, g.outWidth, group, this.fused ? 1 : 0]);
    } else {
      const plane = g.outHeight * g.outWidth;
      const stride = TILE_BYTES + this.k.weightBlockAccBytes(g.outChannels, taps) + taps * plane * 4 + 64;
      this.arena.begin(Arena.total(partialBytes, taps * 4, stride * nt));
      partials = this.arena.take(partialBytes);
      const toff = this.arena.take(taps * 4);
      const scratch = this.arena.take(stride * nt);
      this.k.strideOffsets(toff, taps, plane * 4);
      this.pool.run('convBackwardWeight', [chunk, x.ptr, dy.ptr, partials, toff, scratch, stride, g.batch, g.inChannels,
        g.inHeight, g.inWidth, g.outChannels, g.kernelHeight, g.kernelWidth, g.strideHeight, g.strideWidth, g.padTop,
        g.padLeft, g.outHeight, g.outWidth, this.fused ? 1 : 0]);
    }
    this.k.sumPartials(dw.ptr, partials, chunks, size);
  }

  /**
   * Per-thread scratch of the stride-1 weight gradient: its vector accumulators, a padded
   * copy of the image when there is padding, and when output rows are not a multiple of
   * 4 wide the shifted copies (assembly/cpu-kernels/im2col.ts) of `group` images of a
   * chunk at a time, so that the tap rows run as whole planes without partial vectors.
   */
  private directScratch(g: Conv2dGeometry, taps: number, chunk: number): { hs: number; ws: number; stride: number; group: number } {
    const hs = g.inHeight + g.padTop + g.padBottom, ws = g.inWidth + g.padLeft + g.padRight;
    const padded = g.padTop + g.padLeft + g.padBottom + g.padRight > 0;
    const group = g.outWidth % 4 !== 0 ? Math.min(chunk, SHIFTED_GROUP) : 0;
    const stride = TILE_BYTES + this.k.weightBlockAccBytes(g.outChannels, taps) + (padded ? g.inChannels * hs * ws * 4 + 64 : 0) +
      group * g.inChannels * g.kernelWidth * hs * g.outWidth * 4 + 64;
    return { hs, ws, stride, group };
  }

  private imageChunk(batch: number): number {
    return Math.max(1, Math.ceil(batch / (this.pool.threads * CHUNKS_PER_THREAD)));
  }

  backwardBias(dy: CpuStorage, db: CpuStorage, g: Conv2dGeometry): void {
    this.k.convBiasGrad(dy.ptr, db.ptr, g.batch, g.outChannels, g.outHeight * g.outWidth);
  }
}
