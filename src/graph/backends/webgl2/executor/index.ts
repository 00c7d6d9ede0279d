export { createWebgl2Device, type Webgl2Device, type Webgl2DeviceOptions } from './device.js';
export { GPU_KERNELS } from './kernel-table.js';
export { GpuTensor, type Webgl2Value } from './gpu-tensor.js';
