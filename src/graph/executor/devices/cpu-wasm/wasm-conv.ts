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
    this.arena = new Arena(wasm.heap);
    this.pool = wasm.pool(threads);
    this.descriptor = wasm.heap.alloc(DESCRIPTOR_FIELDS.length);
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
    const scratchStride = align64(depthwise ? (hs * ws + 16 + 8 * g.strides[2]) * 4 + 64 : 128 + taps * 32 + 64);
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
}

function align64(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}
