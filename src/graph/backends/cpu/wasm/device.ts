/**
 * The process-wide WebAssembly device: one memory (the heap every CPU-backend buffer
 * lives in), the kernels instantiated on it for the calling thread, and one thread
 * pool per thread count (workers instantiate the same module on the same memory).
 * Shared by every CPU backend in the process; workers never keep the process alive.
 */
import { WasmHeap } from '../memory/heap.js';
import { ThreadPool } from '../workers/thread-pool.js';
import type { KernelExports } from './exports.js';
import { wasmModule } from './loader.js';

export interface WasmDevice {
  readonly memory: WebAssembly.Memory;
  readonly heap: WasmHeap;
  readonly kernels: KernelExports;
  readonly shared: boolean;
  /** The relaxed-SIMD build is loaded: kernels use fused multiply-add. */
  readonly relaxed: boolean;
  pool(threads: number): ThreadPool;
}

// 4 GiB of address space where the platform grants it (reserved, not committed).
const MAXIMUM_PAGES = [65536, 16384, 4096];

let device: WasmDevice | null | undefined;

export function wasmDevice(): WasmDevice | null {
  if (device !== undefined) return device;
  device = null;
  const loaded = wasmModule;
  if (!loaded) return null;
  let memory: WebAssembly.Memory | null = null;
  for (const maximum of MAXIMUM_PAGES) {
    try {
      memory = new WebAssembly.Memory({ initial: 32, maximum, shared: loaded.shared });
      break;
    } catch {
      // try a smaller reservation
    }
  }
  if (!memory) return null;
  const instance = new WebAssembly.Instance(loaded.module, { env: { memory } });
  const kernels = instance.exports as unknown as KernelExports;
  kernels.initMathTable();
  const pools = new Map<number, ThreadPool>();
  const mem = memory;
  const heap = new WasmHeap(mem);
  device = {
    memory: mem,
    heap,
    kernels,
    shared: loaded.shared,
    relaxed: loaded.relaxed,
    pool(threads) {
      const n = loaded.shared ? threads : 1;
      let p = pools.get(n);
      if (!p) pools.set(n, (p = new ThreadPool(n, kernels, loaded.module, mem, heap.alloc(16).ptr)));
      return p;
    },
  };
  return device;
}
