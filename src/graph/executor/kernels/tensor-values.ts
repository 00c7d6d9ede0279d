/**
 * Small helpers kernels share: building tensors, reading int64/int32 inputs (shapes,
 * axes, indices) as numbers, and normalizing negative axes the way ONNX does.
 */
import { allocateData, elementCount, type ElementType, type HostTensor, type TensorData } from '../../host-tensor.js';
import type { KernelContext } from '../kernel.js';

export function tensorOf(type: ElementType, dims: readonly number[], data?: TensorData): HostTensor {
  return { type, dims: [...dims], data: data ?? allocateData(type, elementCount(dims)) };
}

/** An int64 tensor holding `values`; a 1-D one unless `dims` says otherwise. */
export function int64Tensor(values: readonly number[], dims: readonly number[] = [values.length]): HostTensor {
  return tensorOf('int64', dims, BigInt64Array.from(values, (v) => BigInt(v)));
}

/** The elements of an integer tensor as numbers (int64 beyond ±2^53 saturates, as the sizes it describes must). */
export function readInts(t: HostTensor): number[] {
  const out: number[] = [];
  for (const v of t.data) out.push(typeof v === 'bigint' ? Number(v) : v);
  return out;
}

/** A required input, or the node's one-line failure. */
export function input(inputs: readonly (HostTensor | undefined)[], index: number, ctx: KernelContext, what = `input ${index}`): HostTensor {
  const t = inputs[index];
  if (!t) return ctx.fail(`${what} is required`);
  return t;
}

/** `axis` in [-rank, rank) (or [-rank, rank] with `extra` = 1, as Flatten allows) as a non-negative index. */
export function normalizeAxis(axis: number, rank: number, ctx: KernelContext, extra = 0): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank + extra) ctx.fail(`axis ${axis} is out of range for rank ${rank}`);
  return axis < 0 ? axis + rank : axis;
}

/** Row-major strides of `dims`. */
export function stridesOf(dims: readonly number[]): number[] {
  const strides = new Array<number>(dims.length);
  let s = 1;
  for (let i = dims.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= dims[i]!;
  }
  return strides;
}

/**
 * The element offsets of a strided walk over `dims` in row-major order: element i of
 * the walk sits at `start` + Σ coord_k · strides[k]. Broadcasting (stride 0), slicing
 * (stride × step) and transposing (permuted strides) are all such walks.
 */
export function walkOffsets(dims: readonly number[], strides: readonly number[], start = 0): Int32Array {
  const count = dims.reduce((a, b) => a * b, 1);
  const offsets = new Int32Array(count);
  const rank = dims.length;
  const coord = new Array<number>(rank).fill(0);
  let offset = start;
  for (let i = 0; i < count; i++) {
    offsets[i] = offset;
    for (let k = rank - 1; k >= 0; k--) {
      coord[k]!++;
      offset += strides[k]!;
      if (coord[k]! < dims[k]!) break;
      offset -= strides[k]! * coord[k]!;
      coord[k] = 0;
    }
  }
  return offsets;
}

/** A scalar-ish input's single value as a number (a 1-element tensor of any rank). */
export function scalarValue(t: HostTensor, ctx: KernelContext, what: string): number {
  if (t.data.length !== 1) return ctx.fail(`${what} must hold one value, got ${t.data.length}`);
  const v = t.data[0]!;
  return typeof v === 'bigint' ? Number(v) : v;
}

export type FloatData = Float32Array | Float64Array;

/** Refuses a non-float input where the op only defines float types. */
export function floatData(t: HostTensor, ctx: KernelContext, what = 'input'): FloatData {
  if (t.type !== 'float32' && t.type !== 'float64') return ctx.fail(`${what} is ${t.type}; this op takes float32 or float64`);
  return t.data as FloatData;
}

/** numpy.round / C's nearbyint: halves go to the even neighbour. */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** TensorProto.DataType codes (Cast's `to`, `dtype`, `output_datatype`) of the element types we carry. */
const ELEMENT_TYPE_OF_CODE: Readonly<Record<number, ElementType>> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 9: 'bool', 10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64',
};

/** The element type of a data type code, or the node's one-line failure. */
export function elementTypeOfCode(code: number, ctx: KernelContext, what: string): ElementType {
  return ELEMENT_TYPE_OF_CODE[code] ?? ctx.fail(`${what} ${code} is not an element type the engine carries`);
}
