/**
 * The fast CPU backend: WebAssembly SIMD kernels over one shared heap, work split
 * across worker threads (Node worker_threads or Web Workers), buffers pooled by size.
 * Falls back to single-threaded TypeScript kernels where WebAssembly SIMD is missing.
 *
 *   const be = createCpuBackend({ threads: 2 });
 *   await be.ready(); // optional: workers start in the background
 */
import { buildCpuBackend, type CpuBackend } from './backend.js';
import { createJsKernels } from './js/index.js';
import { ArrayHeap } from './memory/heap.js';
import { wasmDevice } from './wasm/device.js';
import { createWasmKernels } from './wasm/index.js';
import { wasmUnavailableReason } from './wasm/loader.js';

export type { CpuBackend } from './backend.js';

export interface CpuBackendOptions {
  /** Threads to use, the calling one included (default: all cores). */
  threads?: number;
  /** 'wasm' (default when available) or 'js' (plain TypeScript, single-threaded). */
  kernels?: 'wasm' | 'js';
}

export function defaultThreadCount(): number {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const os = proc?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
  return Math.max(1, os?.availableParallelism?.() ?? nav?.hardwareConcurrency ?? 1);
}

export function createCpuBackend(options: CpuBackendOptions = {}): CpuBackend {
  const threads = Math.max(1, Math.floor(options.threads ?? defaultThreadCount()));
  const device = options.kernels === 'js' ? null : wasmDevice();
  if (options.kernels === 'wasm' && !device)
    throw new Error(`cpu backend: WebAssembly kernels unavailable (${wasmUnavailableReason || 'memory could not be reserved'})`);
  if (!device) return buildCpuBackend(new ArrayHeap(), createJsKernels(), async () => {});
  const pool = device.pool(threads);
  return buildCpuBackend(device.heap, createWasmKernels(device, threads), () => pool.ready());
}

/** Why the WebAssembly kernels are not in use ('' when they are available). */
export function cpuWasmStatus(): string {
  return wasmDevice() ? '' : wasmUnavailableReason || 'WebAssembly memory could not be reserved';
}
