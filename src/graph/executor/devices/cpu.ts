/**
 * engine-cpu: float32 arithmetic (float16 is widened to float32 on upload), the plain
 * kernels plus faster overrides for the heavy ops as they arrive.
 */
import type { ElementType } from '../../host-tensor.js';
import type { KernelEntry, KernelTable } from '../kernel.js';
import { BASE_KERNELS } from '../kernels/index.js';
import { createHostDevice } from './host-device.js';

const widenHalf = (type: ElementType): ElementType => (type === 'float16' ? 'float32' : type);

/** Kernels that replace the plain ones on this device (wasm Conv, Gemm, MatMul…). */
const CPU_OVERRIDES = new Map<string, KernelEntry>([]);

export const CPU_KERNELS: KernelTable = new Map([...BASE_KERNELS, ...CPU_OVERRIDES]);

export function cpuDevice() {
  return createHostDevice({ name: 'engine-cpu', kernels: CPU_KERNELS, floatStorage: widenHalf });
}
