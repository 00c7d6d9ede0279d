/**
 * A device whose values are HostTensors in ordinary memory: the kernel table runs as
 * is, floats are kept in the device's storage type (moved there on upload, back to the
 * declared type on download) and freeing is the garbage collector's job.
 */
import { isFloatType, type ElementType, type HostTensor } from '../../host-tensor.js';
import { castTensor } from '../cast.js';
import type { ExecutionDevice } from '../device.js';
import { lookupKernel, type KernelTable } from '../kernel.js';

export interface HostDeviceOptions {
  name: string;
  kernels: KernelTable;
  floatStorage(type: ElementType): ElementType;
}

export function createHostDevice(options: HostDeviceOptions): ExecutionDevice<HostTensor> & { readonly kernels: KernelTable } {
  const { name, kernels, floatStorage } = options;
  return {
    name,
    kernels,
    kernel: (opType, opset) => lookupKernel(kernels, opType, opset),
    floatStorage,
    upload: (t) => (isFloatType(t.type) ? castTensor(t, floatStorage(t.type)) : t),
    download: (t, declared) => (declared && declared !== t.type && isFloatType(t.type) && isFloatType(declared) ? castTensor(t, declared) : t),
    release: () => {},
    dims: (t) => t.dims,
  };
}
