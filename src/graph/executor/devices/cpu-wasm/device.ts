/**
 * engine-cpu on the WebAssembly kernels: float32 values live in the kernels' shared
 * heap (HeapTensors), so Conv and friends run on them in place while every other op's
 * plain kernel reads them as ordinary Float32Arrays. Graph inputs and constants are
 * copied in on upload, results copied out on download, and a value's block is freed
 * when the executor releases its last holder.
 */
import { isFloatType, type ElementType, type HostTensor } from '../../../host-tensor.js';
import type { WasmDevice } from '../../../backends/cpu/wasm/device.js';
import { castTensor } from '../../cast.js';
import type { DeviceKernel, ExecutionDevice } from '../../device.js';
import { lookupKernel, type Kernel, type KernelTable } from '../../kernel.js';
import { heapAddKernel } from './add-kernel.js';
import { wasmConvKernel } from './conv-kernel.js';
import { wasmGemmKernel } from './gemm-kernel.js';
import { HeapTensors } from './heap-tensors.js';
import { WasmConvolutions } from './wasm-conv.js';

export interface WasmCpuDevice extends ExecutionDevice<HostTensor> {
  readonly kernels: KernelTable;
  /** Heap tensors alive: values not yet released and uploaded constants. */
  liveHeapTensors(): number;
}

export function createWasmCpuDevice(name: string, base: KernelTable, wasm: WasmDevice, threads: number, floatStorage: (t: ElementType) => ElementType): WasmCpuDevice {
  const tensors = new HeapTensors(wasm.heap);
  const convolutions = new WasmConvolutions(tensors, wasm, threads);
  const kernels: KernelTable = new Map([
    ...base,
    ['Conv', { kernel: wasmConvKernel(convolutions) }],
    ['Gemm', { kernel: wasmGemmKernel(convolutions) }],
    ['Add', { kernel: heapAddKernel(tensors) }],
  ]);
  const wrapped = new Map<Kernel, DeviceKernel<HostTensor>>();
  // A kernel may hand an input's data back as an output (Reshape, Identity): one more holder of that block.
  const holding = (kernel: Kernel): DeviceKernel<HostTensor> => (inputs, ctx) => {
    const outputs = kernel(inputs, ctx);
    for (const out of outputs) if (inputs.some((t) => t && t.data === out.data)) tensors.retain(out);
    return outputs;
  };
  return {
    name,
    kernels,
    kernel(opType, opset) {
      const kernel = lookupKernel(kernels, opType, opset);
      if (!kernel) return undefined;
      let k = wrapped.get(kernel);
      if (!k) wrapped.set(kernel, (k = holding(kernel)));
      return k;
    },
    floatStorage,
    upload(t) {
      const stored = isFloatType(t.type) ? castTensor(t, floatStorage(t.type)) : t;
      return stored.type === 'float32' ? tensors.copyIn(stored) : stored;
    },
    download(t, declared) {
      const own = tensors.ptr(t) >= 0 ? { type: t.type, dims: [...t.dims], data: (t.data as Float32Array).slice() } : t;
      return declared && declared !== own.type && isFloatType(own.type) && isFloatType(declared) ? castTensor(own, declared) : own;
    },
    release: (t) => tensors.release(t),
    dims: (t) => t.dims,
    clampedKernel(opType, opset, lo, hi) {
      if (opType !== 'Conv' || !lookupKernel(kernels, opType, opset)) return undefined;
      return holding(wasmConvKernel(convolutions, [lo, hi]));
    },
    liveHeapTensors: () => tensors.liveCount(),
  };
}
