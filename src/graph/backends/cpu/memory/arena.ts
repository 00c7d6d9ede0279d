/**
 * Scratch memory for one kernel call (packed weights, offset tables, per-thread
 * im2col buffers, partial sums): a single heap block that only ever grows, carved
 * front to back by `take`. Calls are synchronous, so one arena serves them all.
 */
import type { Block, WasmHeap } from './heap.js';

export class Arena {
  private block: Block | null = null;
  private used = 0;

  constructor(private readonly heap: WasmHeap) {}

  /** Start a call needing at most `bytes` in total (64-byte aligned pieces). */
  begin(bytes: number): void {
    if (!this.block || this.block.bytes < bytes + 256) {
      if (this.block) this.heap.free(this.block);
      this.block = this.heap.alloc(Math.ceil((bytes + 256) / 4));
    }
    this.used = 0;
  }

  /** Byte offset of the next `bytes` of scratch. */
  take(bytes: number): number {
    const ptr = this.block!.ptr + this.used;
    this.used += Math.ceil(bytes / 64) * 64 + 64;
    if (this.used > this.block!.bytes) throw new RangeError(`cpu arena: ${this.used} bytes taken, ${this.block!.bytes} reserved`);
    return ptr;
  }

  /** Size to pass to `begin` for pieces of these sizes. */
  static total(...pieces: number[]): number {
    let t = 0;
    for (const p of pieces) t += Math.ceil(p / 64) * 64 + 64;
    return t;
  }
}
