/**
 * 1-D and 2-D convolutions on the wasm kernels, for float32 tensors in the heap:
 * depthwise ones (group = input channels) on nnDepthwise, every other group on nnConv
 * with its weights packed once. Outputs are new heap tensors; inputs not in the heap
 * yet are staged into per-call scratch. Work spreads over the thread pool by output
 * tiles, so one image uses every thread.
 */
import type { HostTensor } from '../../../host-tensor.js';
import { Arena } from '../../../backends/cpu/memory/arena.js';
import type { Block } from '../../../backends/cpu/memory/heap.js';
import type { WasmDevice } from '../../../backends/cpu/wasm/device.js';
import type { ThreadPool } from '../../../backends/cpu/workers/thread-pool.js';
import type { ConvGeometry } from '../../kernels/conv.js';
import { DESCRIPTOR_FIELDS, writeDescriptor, type ConvDescriptor } from './conv-descriptor.js';
import type { HeapTensors } from './heap-tensors.js';
import { packedFloats, packWeights, PANEL_ROWS } from './packed-weights.js';

/** Below this many multiply-adds a convolution stays on the calling thread. */
const PARALLEL_MIN_MACS = 200_000;
/** Packed weight panels a chunk multiplies at most (about 128 KiB, so they stay in L2). */
const PANEL_BYTES_PER_CHUNK = 128 * 1024;
/** Output pixels per chunk (a multiple of the kernel's 8-pixel blocks). */
const COLS_PER_CHUNK = 64;
const CHUNKS_PER_THREAD = 4;

/**
 * Per-call scratch and the descriptor, one per process (kernel calls are synchronous),
 * so making many devices reserves nothing more.
 */
const SCRATCH = new WeakMap<WasmDevice, { arena: Arena; descriptor: Block }>();

/** An output clamp fused into the epilogue (Relu: [0, ∞), Relu6: [0, 6]). */
export type Clamp = readonly [number, number] | null;

export class WasmConvolutions {
  private readonly arena: Arena;
  private readonly pool: ThreadPool;
  private readonly descriptor: Block;

  constructor(
    private readonly tensors: HeapTensors,
    private readonly wasm: WasmDevice,
    threads: number,
  ) {
    let shared = SCRATCH.get(wasm);
    if (!shared) SCRATCH.set(wasm, (shared = { arena: new Arena(wasm.heap), descriptor: wasm.heap.alloc(DESCRIPTOR_FIELDS.length) }));
    this.arena = shared.arena;
    this.descriptor = shared.descriptor;
    this.pool = wasm.pool(threads);
  }

  /** Whether these kernels take the convolution (1-D or 2-D, float32). */
  static handles(g: ConvGeometry): boolean {
    return g.window.input.length <= 2;
  }

  run(x: HostTensor, w: HostTensor, b: HostTensor | undefined, g: ConvGeometry, clamp: Clamp = null): HostTensor {
    const y = this.tensors.alloc([g.batch, g.outChannels, ...g.window.output]);
    const cg = g.inChannels / g.group;
    const depthwise = cg === 1 && g.group === g.inChannels;
    const taps = cg * g.kernel[1] * g.kernel[2];
    const packed = depthwise ? null : this.packed(w, g.group, g.outChannels / g.group, taps);
    const [, ih, iw] = g.input, [, oh, ow] = g.output;
    const padsEnd = g.window.padsEnd;
    const [pb, pr] = padsEnd.length === 1 ? [0, padsEnd[0]!] : [padsEnd[0]!, padsEnd[1]!];
    const hs = ih + g.padsBegin[1] + pb, ws = iw + g.padsBegin[2] + pr;
    const nt = this.pool.threads;
    const scratchStride = align64(depthwise ? (hs * (ws + 16) + 128) * 4 + 64 : 128 + taps * COLS_PER_CHUNK * 4 + 64);
    // Scratch first: Arena.begin may move its block, and staged copies live in the same call.
    const staged = [x, w, b].map((t) => (t && this.tensors.ptr(t) < 0 ? t.data.length * 4 : 0));
    this.arena.begin(Arena.total(scratchStride * nt, ...staged));
    const scratch = this.arena.take(scratchStride * nt);
    const ptrOf = (t: HostTensor, i: number) => {
      const p = this.tensors.ptr(t);
      if (p >= 0) return p;
      const at = this.arena.take(staged[i]!);
      new Float32Array(this.wasm.memory.buffer, at, t.data.length).set(t.data as Float32Array);
      return at;
    };
    const xPtr = ptrOf(x, 0), wPtr = packed ? packed.ptr : ptrOf(w, 1), bPtr = b ? ptrOf(b, 2) : 0;
    const macs = g.batch * g.outChannels * oh * ow * taps;
    const d: ConvDescriptor = {
      x: xPtr, w: wPtr, bias: bPtr, y: this.tensors.ptr(y), scratch, scratchStride, n: g.batch, c: cg, h: ih, wIn: iw,
      m: g.outChannels / g.group, kh: g.kernel[1], kw: g.kernel[2], sh: g.strides[1], sw: g.strides[2], dh: g.dilations[1],
      dw: g.dilations[2], pt: g.padsBegin[1], pl: g.padsBegin[2], pb, pr, oh, ow, xImage: g.inChannels * ih * iw,
      yImage: g.outChannels * oh * ow, panelsPerChunk: 1, colsPerChunk: COLS_PER_CHUNK,
      clamp: clamp ? 1 : 0, lo: clamp ? clamp[0] : 0, hi: clamp ? clamp[1] : 0,
    };
    try {
      if (depthwise) {
        d.c = g.inChannels;
        d.m = g.outChannels;
        const planes = g.batch * g.outChannels;
        this.launch('nnDepthwise', d, Math.max(1, Math.floor(planes / (nt * 8))), macs);
        return y;
      }
      const panels = Math.ceil(d.m / PANEL_ROWS);
      d.panelsPerChunk = Math.max(1, Math.min(panels, Math.floor(PANEL_BYTES_PER_CHUNK / (taps * PANEL_ROWS * 4))));
      const colChunks = Math.ceil((oh * ow) / COLS_PER_CHUNK);
      const wanted = nt * CHUNKS_PER_THREAD;
      if (g.batch * colChunks * Math.ceil(panels / d.panelsPerChunk) < wanted)
        d.panelsPerChunk = Math.max(1, Math.ceil(panels / Math.ceil(wanted / (g.batch * colChunks))));
      const groupPacked = panels * PANEL_ROWS * taps * 4;
      for (let group = 0; group < g.group; group++) {
        d.x = xPtr + group * cg * ih * iw * 4;
        d.w = packed!.ptr + group * groupPacked;
        d.bias = bPtr ? bPtr + group * d.m * 4 : 0;
        d.y = this.tensors.ptr(y) + group * d.m * oh * ow * 4;
        this.launch('nnConv', d, 1, macs / g.group);
      }
      return y;
    } finally {
      if (packed && packed.temporary) this.wasm.heap.free(packed.block);
    }
  }

  /**
   * Y [n × m] = op(A) · op(B) + bias (a row vector of m, or none) with op(B) packed like a
   * 1×1 convolution's weights: op(A)ᵀ [k × n] is its image and Yᵀ [m × n] its output.
   */
  linear(a: HostTensor, transA: boolean, b: HostTensor, transB: boolean, bias: Float32Array | null): HostTensor {
    const [n, k] = transA ? [a.dims[1]!, a.dims[0]!] : [a.dims[0]!, a.dims[1]!];
    const m = transB ? b.dims[0]! : b.dims[1]!;
    // Weights are kept with B in the usual PyTorch layout (transB); otherwise packed per call.
    const packed = transB ? this.packed(b, 1, m, k) : this.packTemporary(b, m, k);
    const y = this.tensors.alloc([n, m]);
    // The image op(A)ᵀ gets whole 8-column blocks (zero columns past n), so the kernel copies rows instead of gathering taps.
    const cols = Math.ceil(n / 8) * 8;
    const scratchStride = align64(128 + k * COLS_PER_CHUNK * 4 + 64);
    const nt = this.pool.threads;
    this.arena.begin(Arena.total(scratchStride * nt, k * cols * 4, m * cols * 4, bias ? m * 4 : 0));
    const scratch = this.arena.take(scratchStride * nt);
    const image = this.arena.take(k * cols * 4), out = this.arena.take(m * cols * 4), biasPtr = bias ? this.arena.take(m * 4) : 0;
    const heap = this.wasm.memory.buffer;
    const xt = new Float32Array(heap, image, k * cols), A = a.data as Float32Array;
    xt.fill(0);
    for (let p = 0; p < k; p++) for (let i = 0; i < n; i++) xt[p * cols + i] = transA ? A[p * n + i]! : A[i * k + p]!;
    if (bias) new Float32Array(heap, biasPtr, m).set(bias);
    try {
      const panels = Math.ceil(m / PANEL_ROWS);
      const colChunks = Math.ceil(cols / COLS_PER_CHUNK);
      const ppc = Math.max(1, Math.min(panels, Math.floor(PANEL_BYTES_PER_CHUNK / (k * PANEL_ROWS * 4)), Math.ceil(panels * colChunks / (nt * CHUNKS_PER_THREAD))));
      this.launch('nnConv', {
        x: image, w: packed.ptr, bias: biasPtr, y: out, scratch, scratchStride, n: 1, c: k, h: 1, wIn: cols, m, kh: 1, kw: 1, sh: 1, sw: 1,
        dh: 1, dw: 1, pt: 0, pl: 0, pb: 0, pr: 0, oh: 1, ow: cols, xImage: k * cols, yImage: m * cols, panelsPerChunk: ppc,
        colsPerChunk: COLS_PER_CHUNK, clamp: 0, lo: 0, hi: 0,
      }, 1, n * m * k);
    } finally {
      if (packed.temporary) this.wasm.heap.free(packed.block);
    }
    const yt = new Float32Array(heap, out, m * cols), Y = y.data;
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) Y[i * m + j] = yt[j * cols + i]!;
    return y;
  }

  private launch(kernel: 'nnConv' | 'nnDepthwise', d: ConvDescriptor, chunk: number, macs: number): void {
    writeDescriptor(this.wasm.memory.buffer, this.descriptor.ptr, d);
    this.pool.run(kernel, [chunk, this.descriptor.ptr], macs >= PARALLEL_MIN_MACS);
  }

  /** The packed weights of `w`, kept with w when it lives in the heap (a constant), else made for this call. */
  private packed(w: HostTensor, groups: number, rows: number, taps: number): { ptr: number; block: Block; temporary: boolean } {
    const kept = this.tensors.derived(w);
    if (kept) return { ptr: kept.ptr, block: kept, temporary: false };
    const floats = packedFloats(groups, rows, taps);
    const block = this.wasm.heap.alloc(floats);
    packWeights(this.wasm.heap.view(block, floats), w.data as Float32Array, groups, rows, taps);
    return { ptr: block.ptr, block, temporary: !this.tensors.attach(w, block) };
  }

  /** B [taps × rows] packed as weights (transposed), for this call only. */
  private packTemporary(b: HostTensor, rows: number, taps: number): { ptr: number; block: Block; temporary: boolean } {
    const floats = packedFloats(1, rows, taps);
    const block = this.wasm.heap.alloc(floats);
    packWeights(this.wasm.heap.view(block, floats), b.data as Float32Array, 1, rows, taps, 1, true);
    return { ptr: block.ptr, block, temporary: true };
  }
}

function align64(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}
