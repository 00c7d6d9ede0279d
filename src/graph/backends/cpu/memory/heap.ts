/**
 * Where the CPU backend's buffers live. `WasmHeap` carves them out of one
 * WebAssembly.Memory (shared between threads when possible) so kernels address them by
 * byte offset; `ArrayHeap` hands out plain Float32Arrays for the pure-TypeScript path.
 * Both reuse freed blocks by size class (see pool.ts): a steady training step
 * allocates nothing new.
 */
import { sizeClassBytes } from './size-class.js';

export interface Block {
  /** Byte offset in the wasm memory, or -1 for a standalone array. */
  readonly ptr: number;
  readonly bytes: number;
  /** Standalone storage (ArrayHeap only). */
  readonly array: Float32Array | null;
}

export interface Heap {
  readonly kind: 'wasm' | 'array';
  alloc(floats: number): Block;
  free(block: Block): void;
  /** A Float32Array over a block's first `floats` elements (valid until the next grow for non-shared memory). */
  view(block: Block, floats: number): Float32Array;
  /** Bytes carved into buffers so far (freed ones included: they wait in the pool). */
  reservedBytes(): number;
}

const PAGE = 65536;
/** The first page stays unused: offset 0 is never a valid buffer. */
const HEAP_START = PAGE;

export class WasmHeap implements Heap {
  readonly kind = 'wasm';
  private top = HEAP_START;
  private readonly freeLists = new Map<number, number[]>();

  constructor(readonly memory: WebAssembly.Memory) {}

  alloc(floats: number): Block {
    const bytes = sizeClassBytes(floats * 4);
    const reuse = this.freeLists.get(bytes)?.pop();
    if (reuse !== undefined) return { ptr: reuse, bytes, array: null };
    const ptr = this.top;
    this.top += bytes;
    this.ensure(this.top);
    return { ptr, bytes, array: null };
  }

  free(block: Block): void {
    let list = this.freeLists.get(block.bytes);
    if (!list) this.freeLists.set(block.bytes, (list = []));
    list.push(block.ptr);
  }

  view(block: Block, floats: number): Float32Array {
    return new Float32Array(this.memory.buffer, block.ptr, floats);
  }

  reservedBytes(): number {
    return this.top - HEAP_START;
  }

  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    // Grow geometrically so a growing workload does not grow page by page.
    const want = Math.max(end - have, have >> 1);
    try {
      this.memory.grow(Math.ceil(want / PAGE));
    } catch {
      try {
        this.memory.grow(Math.ceil((end - have) / PAGE));
      } catch {
        throw new RangeError(`cpu backend: out of memory growing the heap to ${end} bytes`);
      }
    }
  }
}

export class ArrayHeap implements Heap {
  readonly kind = 'array';
  private readonly freeLists = new Map<number, Float32Array[]>();
  private reserved = 0;

  alloc(floats: number): Block {
    const bytes = sizeClassBytes(floats * 4);
    let array = this.freeLists.get(bytes)?.pop();
    if (!array) {
      array = new Float32Array(bytes / 4);
      this.reserved += bytes;
    }
    return { ptr: -1, bytes, array };
  }

  free(block: Block): void {
    let list = this.freeLists.get(block.bytes);
    if (!list) this.freeLists.set(block.bytes, (list = []));
    list.push(block.array!);
  }

  view(block: Block, floats: number): Float32Array {
    return block.array!.subarray(0, floats);
  }

  reservedBytes(): number {
    return this.reserved;
  }
}
