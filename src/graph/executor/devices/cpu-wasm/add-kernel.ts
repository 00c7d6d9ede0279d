/**
 * Add on engine-cpu for two float32 tensors of one shape (residual connections): the
 * sum goes straight into a heap tensor, ready for the next wasm Conv; broadcasting
 * and other types take the plain kernel.
 */
import type { Kernel } from '../../kernel.js';
import { add } from '../../kernels/elementwise-binary.js';
import type { HeapTensors } from './heap-tensors.js';

export function heapAddKernel(tensors: HeapTensors): Kernel {
  return (inputs, ctx) => {
    const [a, b] = inputs;
    if (!a || !b || a.type !== 'float32' || b.type !== 'float32' || a.dims.length !== b.dims.length || a.dims.some((d, i) => d !== b.dims[i]))
      return add(inputs, ctx);
    const y = tensors.alloc(a.dims);
    const A = a.data as Float32Array, B = b.data as Float32Array, Y = y.data;
    for (let i = 0; i < Y.length; i++) Y[i] = A[i]! + B[i]!;
    return [y];
  };
}
