/** A CPU backend buffer: a pooled heap block plus its element count. */
import { BackendError, type Storage } from '../../../backend.js';
import type { Block, Heap } from './heap.js';

export class CpuStorage implements Storage {
  private cached: Float32Array | null = null;
  private disposed = false;

  constructor(
    readonly heap: Heap,
    readonly block: Block,
    readonly size: number,
    /** The backend that allocated it (storages must not cross backends). */
    readonly owner: object,
  ) {}

  /** Byte offset in the wasm heap (-1 on the array heap). */
  get ptr(): number {
    return this.block.ptr;
  }

  /** The elements; re-created if a non-shared wasm memory grew (which detaches old views). */
  get data(): Float32Array {
    const c = this.cached;
    if (c && c.length === this.size && c.byteLength > 0) return c;
    return (this.cached = this.heap.view(this.block, this.size));
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Returns the block to the pool; false if it was already disposed. */
  release(): boolean {
    if (this.disposed) return false;
    this.disposed = true;
    this.cached = null;
    this.heap.free(this.block);
    return true;
  }
}

/** Checks a handle belongs to this backend and is alive; `op` names the caller in errors. */
export function cpuStorage(s: Storage, owner: object, op: string): CpuStorage {
  if (!(s instanceof CpuStorage) || s.owner !== owner)
    throw new BackendError(`cpu ${op}: storage of size ${s.size} comes from another backend`);
  if (s.isDisposed) throw new BackendError(`cpu ${op}: storage of size ${s.size} was already disposed`);
  return s;
}
