/**
 * A tensor of any ONNX element type held in host memory: what a model's inputs and
 * outputs are, whichever runtime computes them. The layout is onnxruntime's (a tensor
 * is just `type`, `dims`, `data`), so a HostTensor passes to and from onnxruntime-node
 * and onnxruntime-web without conversion: int64 is a BigInt64Array, bool a Uint8Array
 * of 0/1, float16 a Uint16Array of IEEE binary16 bit patterns.
 */
import { formatShape } from './format-shape.js';

export type ElementType =
  | 'float32'
  | 'float16'
  | 'float64'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'bool';

export type TensorData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array;

export interface HostTensor {
  readonly type: ElementType;
  readonly dims: readonly number[];
  readonly data: TensorData;
}

export const ELEMENT_TYPES: readonly ElementType[] = [
  'float32', 'float16', 'float64', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'bool',
];

const BYTES: Record<ElementType, number> = {
  float32: 4, float16: 2, float64: 8, int8: 1, int16: 2, int32: 4, int64: 8, uint8: 1, uint16: 2, uint32: 4, uint64: 8, bool: 1,
};

export function isElementType(name: string): name is ElementType {
  return (ELEMENT_TYPES as readonly string[]).includes(name);
}

export function bytesPerElement(type: ElementType): number {
  return BYTES[type];
}

/** float16 is stored as bits, so it is not "float" for arithmetic on `data`. */
export function isFloatType(type: ElementType): boolean {
  return type === 'float32' || type === 'float64' || type === 'float16';
}

/** Types whose `data` holds bigints. */
export function isBigIntType(type: ElementType): type is 'int64' | 'uint64' {
  return type === 'int64' || type === 'uint64';
}

export function elementCount(dims: readonly number[]): number {
  let count = 1;
  for (const d of dims) count *= d;
  return count;
}

/** A zero-filled array of `count` elements of `type`. */
export function allocateData(type: ElementType, count: number): TensorData {
  switch (type) {
    case 'float32': return new Float32Array(count);
    case 'float64': return new Float64Array(count);
    case 'float16': return new Uint16Array(count);
    case 'int8': return new Int8Array(count);
    case 'int16': return new Int16Array(count);
    case 'int32': return new Int32Array(count);
    case 'int64': return new BigInt64Array(count);
    case 'uint8': return new Uint8Array(count);
    case 'uint16': return new Uint16Array(count);
    case 'uint32': return new Uint32Array(count);
    case 'uint64': return new BigUint64Array(count);
    case 'bool': return new Uint8Array(count);
  }
}

export function zerosTensor(type: ElementType, dims: readonly number[]): HostTensor {
  return { type, dims: [...dims], data: allocateData(type, elementCount(dims)) };
}

/** `float32 [2,3,224,224]`. */
export function describeTensor(t: HostTensor): string {
  return `${t.type} ${formatShape(t.dims)}`;
}

/** Checks that `data` fits `type` and `dims`; returns a problem or null. */
export function tensorProblem(t: HostTensor): string | null {
  const expected = elementCount(t.dims);
  if (t.dims.some((d) => !Number.isInteger(d) || d < 0)) return `dims ${formatShape(t.dims)} are not sizes`;
  if (t.data.length !== expected) return `${describeTensor(t)} needs ${expected} values, has ${t.data.length}`;
  if (allocateData(t.type, 0).constructor !== t.data.constructor) return `${t.type} data in a ${t.data.constructor.name}`;
  return null;
}

/** Element `i` as a JS number (int64 beyond 2^53 loses precision; float16 is decoded). */
export function elementAsNumber(t: HostTensor, i: number): number {
  const v = t.data[i]!;
  if (typeof v === 'bigint') return Number(v);
  return t.type === 'float16' ? halfBitsToNumber(v) : v;
}

/** Every element as float64, for comparisons and printing (float16 decoded, bool 0/1). */
export function toFloat64(t: HostTensor): Float64Array {
  const out = new Float64Array(t.data.length);
  for (let i = 0; i < out.length; i++) out[i] = elementAsNumber(t, i);
  return out;
}

/** IEEE 754 binary16 bits → number. */
export function halfBitsToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** number → IEEE 754 binary16 bits, rounding to nearest even (as numpy's astype does). */
export function numberToHalfBits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = mantissa & ((1 << shift) - 1);
    let bits = mantissa >>> shift;
    if (rest > half || (rest === half && bits & 1)) bits++;
    return sign | bits;
  }
  const rest = mantissa & 0x1fff;
  let bits = (e << 10) | (mantissa >>> 13);
  if (rest > 0x1000 || (rest === 0x1000 && bits & 1)) bits++; // a carry into the exponent is right, up to infinity
  return sign | bits;
}
