/**
 * HostTensor ↔ onnxruntime tensors (onnxruntime-node and onnxruntime-web share the
 * onnxruntime-common API). Our layout is ORT's own, so a feed is wrapped, not converted;
 * results are copied out, because their buffers belong to the session (wasm memory on
 * the web).
 */
import { allocateData, elementCount, isElementType, tensorProblem, type ElementType, type HostTensor, type TensorData } from '../../graph/host-tensor.js';
import { formatShape } from '../../graph/format-shape.js';

export interface OrtTensor {
  readonly dims: readonly number[];
  readonly type: string;
  readonly data: unknown;
}

export interface OrtTensorConstructor {
  new (type: ElementType, data: TensorData, dims: readonly number[]): OrtTensor;
}

export function toOrtTensor(Tensor: OrtTensorConstructor, name: string, t: HostTensor): OrtTensor {
  const problem = tensorProblem(t);
  if (problem) throw new Error(`feed "${name}": ${problem}`);
  return new Tensor(t.type, t.data, t.dims);
}

/**
 * A result as a HostTensor. Where the platform has Float16Array (Chromium does),
 * onnxruntime-web may hand float16 results in one: the bits are the same, so the
 * buffer is read as Uint16Array.
 */
export function fromOrtTensor(name: string, t: OrtTensor | undefined): HostTensor {
  if (!t) throw new Error(`output "${name}" is missing from the results`);
  if (!isElementType(t.type)) throw new Error(`output "${name}" is ${t.type}, which we do not compare (numeric and bool tensors only)`);
  const data = t.data;
  if (!ArrayBuffer.isView(data)) throw new Error(`output "${name}" (${t.type}) has no data on the host (it stayed on the GPU)`);
  const dims = [...t.dims];
  const copy = allocateData(t.type, elementCount(dims));
  if (copy.byteLength !== data.byteLength) throw new Error(`output "${name}" is ${t.type} ${formatShape(dims)} but holds ${data.byteLength} bytes`);
  new Uint8Array(copy.buffer).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return { type: t.type, dims, data: copy };
}
