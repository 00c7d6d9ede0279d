/**
 * Calls one kernel the way the executor does (a context from the planner), for unit
 * tests of single ops: attributes given as ONNX-kinded values, float results stored as
 * float32 (engine-cpu) or float64 (engine-reference).
 */
import type { AttributeValue } from '../../../src/graph/executor/graph-ir.js';
import type { Kernel } from '../../../src/graph/executor/kernel.js';
import { kernelContext } from '../../../src/graph/executor/plan.js';
import type { HostTensor } from '../../../src/graph/host-tensor.js';

export const int = (value: number): AttributeValue => ({ kind: 'int', value });
export const ints = (value: number[]): AttributeValue => ({ kind: 'ints', value });
export const float = (value: number): AttributeValue => ({ kind: 'float', value });
export const str = (value: string): AttributeValue => ({ kind: 'string', value });

/** The two float storages the kernels run in: engine-cpu's and engine-reference's. */
export const STORAGES = ['float32', 'float64'] as const;
export type Storage = (typeof STORAGES)[number];

export interface KernelCall {
  attrs?: Record<string, AttributeValue>;
  opset?: number;
  /** How many outputs the node lists (optional outputs are only computed when listed). */
  outputs?: number;
  storage?: Storage;
  opType?: string;
}

export function runKernel(kernel: Kernel, inputs: (HostTensor | undefined)[], call: KernelCall = {}): HostTensor[] {
  const storage = call.storage ?? 'float32';
  const node = {
    name: 'n', opType: call.opType ?? 'Op', domain: '', inputs: inputs.map((_, i) => (inputs[i] ? `in${i}` : '')),
    outputs: Array.from({ length: call.outputs ?? 1 }, (_, i) => `out${i}`), attributes: new Map(Object.entries(call.attrs ?? {})),
  };
  const ctx = kernelContext(node, call.opset ?? 13, (type) => (type === 'float32' || type === 'float64' ? storage : type));
  // Float inputs arrive in the device's storage, as the device's upload puts them there.
  const stored = inputs.map((t) => (t && (t.type === 'float32' || t.type === 'float64') ? floats(t.dims, Array.from(t.data as Float64Array), storage) : t));
  return kernel(stored, ctx);
}

/** A float tensor of `dims` holding `values` (row-major). */
export function floats(dims: readonly number[], values: readonly number[], storage: Storage = 'float32'): HostTensor {
  if (values.length !== dims.reduce((a, b) => a * b, 1)) throw new Error(`floats: ${values.length} values for [${dims.join(',')}]`);
  return { type: storage, dims: [...dims], data: storage === 'float32' ? Float32Array.from(values) : Float64Array.from(values) };
}

/** 0, 1, 2, ... as a float tensor of `dims`. */
export function iota(dims: number[]): HostTensor {
  const n = dims.reduce((a, b) => a * b, 1);
  return floats(dims, Array.from({ length: n }, (_, i) => i));
}

export function int64(values: number[], dims: number[] = [values.length]): HostTensor {
  return { type: 'int64', dims, data: BigInt64Array.from(values, BigInt) };
}

/** The values of a result as plain numbers, for toEqual / toBeCloseTo checks. */
export function values(t: HostTensor): number[] {
  return Array.from(t.data as ArrayLike<number | bigint>, Number);
}
