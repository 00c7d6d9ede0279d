/**
 * engine-cpu: float32 arithmetic (float16 is widened to float32 on upload). With the
 * CPU backend's WebAssembly kernels on a shared memory (Node, cross-origin-isolated
 * pages), float32 values live in the wasm heap and the heavy ops run there
 * (cpu-wasm/device.ts); elsewhere it is the plain kernels on ordinary arrays.
 */
import { defaultThreadCount } from '../../backends/cpu/index.js';
import { wasmDevice } from '../../backends/cpu/wasm/device.js';
import type { ElementType } from '../../host-tensor.js';
import type { ExecutionDevice } from '../device.js';
import type { KernelEntry, KernelTable } from '../kernel.js';
import { BASE_KERNELS } from '../kernels/index.js';
import { createWasmCpuDevice } from './cpu-wasm/device.js';
import { createHostDevice } from './host-device.js';

const widenHalf = (type: ElementType): ElementType => (type === 'float16' ? 'float32' : type);

/** Kernels that replace the plain ones on this device (wasm Conv, Gemm, MatMul…). */
const CPU_OVERRIDES = new Map<string, KernelEntry>([]);

export const CPU_KERNELS: KernelTable = new Map([...BASE_KERNELS, ...CPU_OVERRIDES]);

export interface CpuDeviceOptions {
  /** Threads for the wasm kernels, the calling one included (default: all cores). */
  threads?: number;
  /** 'js' forces the plain kernels on ordinary arrays. */
  kernels?: 'wasm' | 'js';
}

export function cpuDevice(options: CpuDeviceOptions = {}): ExecutionDevice & { readonly kernels: KernelTable } {
  const wasm = options.kernels === 'js' ? null : wasmDevice();
  if (wasm?.shared) return createWasmCpuDevice('engine-cpu', CPU_KERNELS, wasm, options.threads ?? defaultThreadCount(), widenHalf);
  return createHostDevice({ name: 'engine-cpu', kernels: CPU_KERNELS, floatStorage: widenHalf });
}
