/**
 * TensorProto → numbers. Handles raw_data (little-endian), the typed repeated fields and
 * external data; converts float64/float16/bfloat16 weights to float32. Every declared
 * size is checked against the bytes actually present before a buffer is allocated.
 */
import { ToolError } from '../util/errors.js';
import { ExternalDataReader, parseExternalLocation, type ExternalDataSource } from './external-data.js';
import { decodeFloats, decodeInts, FLOAT_ENCODING_BYTES, type FloatEncoding } from './le-bytes.js';
import { DataType, int64ToNumber, type TensorProto } from './onnx-proto.js';

/** Far above any model this project handles; refuses absurd dims before any arithmetic overflows. */
export const MAX_TENSOR_ELEMENTS = 2 ** 28;

const FLOAT_ENCODINGS = new Map<number, FloatEncoding>([
  [DataType.FLOAT, 'f32'],
  [DataType.DOUBLE, 'f64'],
  [DataType.FLOAT16, 'f16'],
  [DataType.BFLOAT16, 'bf16'],
]);

const INT_WIDTHS = new Map<number, 4 | 8>([
  [DataType.INT32, 4],
  [DataType.INT64, 8],
]);

export function dataTypeName(dataType: number | null | undefined): string {
  return (dataType !== null && dataType !== undefined && DataType[dataType]) || `data type ${dataType}`;
}

/** Lower-case element type as users know it (float32 rather than FLOAT). */
export function elementTypeLabel(dataType: number | null | undefined): string {
  const friendly: Record<number, string> = { [DataType.FLOAT]: 'float32', [DataType.DOUBLE]: 'float64', [DataType.FLOAT16]: 'float16' };
  return friendly[dataType ?? 0] ?? dataTypeName(dataType).toLowerCase();
}

export function isFloatDataType(dataType: number | null | undefined): boolean {
  return FLOAT_ENCODINGS.has(dataType ?? 0);
}

/** Bytes per element for the data types we can check raw_data sizes of, else undefined. */
export function dataTypeByteSize(dataType: number | null | undefined): number | undefined {
  const enc = FLOAT_ENCODINGS.get(dataType ?? 0);
  if (enc) return FLOAT_ENCODING_BYTES[enc];
  const fixed: Record<number, number> = {
    [DataType.INT32]: 4, [DataType.INT64]: 8, [DataType.INT8]: 1, [DataType.UINT8]: 1, [DataType.INT16]: 2,
    [DataType.UINT16]: 2, [DataType.BOOL]: 1, [DataType.UINT32]: 4, [DataType.UINT64]: 8,
  };
  return fixed[dataType ?? 0];
}

export interface FloatTensor {
  dims: number[];
  data: Float32Array;
}

export interface IntTensor {
  dims: number[];
  data: number[];
}

export interface TensorSource {
  /** Prefix for error messages (file name). */
  where: string;
  external?: ExternalDataSource;
}

/** Dims as numbers plus their element count, refusing negative or absurd sizes. */
export function tensorShape(t: TensorProto, where: string): { dims: number[]; count: number } {
  const dims = (t.dims ?? []).map((d) => int64ToNumber(d, where));
  let count = 1;
  for (const d of dims) {
    if (d < 0) throw new ToolError(`${where}: negative dimension in ${JSON.stringify(dims)}`);
    count *= d;
    if (count > MAX_TENSOR_ELEMENTS) throw new ToolError(`${where}: declared size ${JSON.stringify(dims)} is absurdly large`);
  }
  return { dims, count };
}

function isExternal(t: TensorProto): boolean {
  return t.dataLocation === 1 || (t.externalData?.length ?? 0) > 0;
}

/** The little-endian bytes of `t` when stored raw or externally, else null (typed fields). */
export function storedBytes(t: TensorProto, byteLength: number, where: string, source: TensorSource): Uint8Array | null {
  if (t.segment) throw new ToolError(`${where}: segmented tensors are not supported`);
  if (isExternal(t)) {
    const loc = parseExternalLocation(t.externalData ?? [], where);
    const reader = source.external ?? new ExternalDataReader(undefined, source.where);
    return reader.read(loc, byteLength, t.name ?? '');
  }
  const raw = t.rawData;
  if (raw && raw.length > 0) {
    if (raw.length !== byteLength) throw new ToolError(`${where}: raw_data has ${raw.length} bytes, its dims need ${byteLength}`);
    return raw;
  }
  return null;
}

function typedCount(actual: number, expected: number, field: string, where: string): void {
  if (actual !== expected) throw new ToolError(`${where}: ${field} holds ${actual} values, its dims need ${expected}`);
}

/** A float tensor (float32/64/16, bfloat16) as a fresh Float32Array. */
export function readFloatTensor(t: TensorProto, source: TensorSource): FloatTensor {
  const where = `${source.where}: tensor "${t.name ?? ''}"`;
  const encoding = FLOAT_ENCODINGS.get(t.dataType ?? 0);
  if (!encoding) throw new ToolError(`${where} is ${dataTypeName(t.dataType)}, expected a float type`);
  const { dims, count } = tensorShape(t, where);
  const bytes = storedBytes(t, count * FLOAT_ENCODING_BYTES[encoding], where, source);
  if (bytes) return { dims, data: decodeFloats(bytes, encoding, count) };
  if (encoding === 'f32') {
    typedCount(t.floatData?.length ?? 0, count, 'float_data', where);
    return { dims, data: Float32Array.from(t.floatData ?? []) };
  }
  if (encoding === 'f64') {
    typedCount(t.doubleData?.length ?? 0, count, 'double_data', where);
    return { dims, data: Float32Array.from(t.doubleData ?? []) };
  }
  // float16/bfloat16 without raw_data: one 16-bit pattern per int32_data entry.
  const bits = t.int32Data ?? [];
  typedCount(bits.length, count, 'int32_data', where);
  const packed = new Uint8Array(count * 2);
  const view = new DataView(packed.buffer);
  bits.forEach((b, i) => view.setUint16(i * 2, b & 0xffff, true));
  return { dims, data: decodeFloats(packed, encoding, count) };
}

/** An int32/int64 tensor (shapes, axes) as plain numbers. */
export function readIntTensor(t: TensorProto, source: TensorSource): IntTensor {
  const where = `${source.where}: tensor "${t.name ?? ''}"`;
  const width = INT_WIDTHS.get(t.dataType ?? 0);
  if (!width) throw new ToolError(`${where} is ${dataTypeName(t.dataType)}, expected int32 or int64`);
  const { dims, count } = tensorShape(t, where);
  const bytes = storedBytes(t, count * width, where, source);
  if (bytes) {
    const data = decodeInts(bytes, width, count);
    if (!data) throw new ToolError(`${where}: int64 value out of range`);
    return { dims, data };
  }
  if (width === 4) {
    typedCount(t.int32Data?.length ?? 0, count, 'int32_data', where);
    return { dims, data: [...(t.int32Data ?? [])] };
  }
  typedCount(t.int64Data?.length ?? 0, count, 'int64_data', where);
  return { dims, data: (t.int64Data ?? []).map((v) => int64ToNumber(v, where)) };
}
