/**
 * float32 tensors that live in the WebAssembly heap of the CPU kernels, so a wasm
 * kernel reads its inputs and writes its outputs in place, with no copy in or out. Such
 * a tensor is an ordinary HostTensor (its data a Float32Array view of the shared
 * memory, which plain JS kernels read like any array); this registry knows which views
 * are heap blocks and frees a block when the last value holding its view is released.
 * Values alias (Reshape and Identity return their input's data), hence the count.
 *
 * Only with a shared memory: a non-shared one detaches every view when it grows.
 */
import type { HostTensor } from '../../../host-tensor.js';
import type { Block, WasmHeap } from '../../../backends/cpu/memory/heap.js';

interface Entry {
  readonly block: Block;
  refs: number;
  /** Freed with the block: data derived from it (packed weights). */
  derived: Block | null;
}

export class HeapTensors {
  private readonly entries = new Map<Float32Array, Entry>();

  constructor(readonly heap: WasmHeap) {}

  /** A new float32 tensor in the heap (contents undefined), held once. */
  alloc(dims: readonly number[]): HostTensor & { data: Float32Array } {
    let count = 1;
    for (const d of dims) count *= d;
    const block = this.heap.alloc(Math.max(1, count));
    const data = this.heap.view(block, count);
    this.entries.set(data, { block, refs: 1, derived: null });
    return { type: 'float32', dims: [...dims], data };
  }

  /** A heap copy of a float32 tensor, held once. */
  copyIn(t: HostTensor): HostTensor & { data: Float32Array } {
    const out = this.alloc(t.dims);
    out.data.set(t.data as Float32Array);
    return out;
  }

  /** Byte offset of a tensor's data in the heap, or -1 when it is not a heap block. */
  ptr(t: HostTensor): number {
    const e = t.data instanceof Float32Array ? this.entries.get(t.data) : undefined;
    return e ? e.block.ptr : -1;
  }

  /** One more value holds this tensor's data (a kernel returned it again). */
  retain(t: HostTensor): void {
    const e = t.data instanceof Float32Array ? this.entries.get(t.data) : undefined;
    if (e) e.refs++;
  }

  /** A value holding this data is gone; the block is freed with the last one. */
  release(t: HostTensor): void {
    const e = t.data instanceof Float32Array ? this.entries.get(t.data) : undefined;
    if (!e || --e.refs > 0) return;
    this.entries.delete(t.data as Float32Array);
    this.heap.free(e.block);
    if (e.derived) this.heap.free(e.derived);
  }

  /** What was derived from a heap tensor's data (packed weights), kept until the tensor is freed. */
  derived(t: HostTensor): Block | null {
    return (t.data instanceof Float32Array ? this.entries.get(t.data)?.derived : null) ?? null;
  }

  /** Attaches a derived block to a heap tensor (false when `t` is not in the heap: the caller frees it). */
  attach(t: HostTensor, block: Block): boolean {
    const e = t.data instanceof Float32Array ? this.entries.get(t.data) : undefined;
    if (!e || e.derived) return false;
    e.derived = block;
    return true;
  }

  /** Heap tensors alive (for leak tests). */
  liveCount(): number {
    return this.entries.size;
  }
}
