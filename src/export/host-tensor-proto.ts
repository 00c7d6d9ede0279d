/**
 * TensorProto ↔ HostTensor for every element type a model's interface can carry: the
 * `input_K.pb` / `output_K.pb` files of ONNX test cases, initializers for the graph
 * executor, and `--input NAME=FILE.pb`. Values are kept exactly (int64 as bigint,
 * float16 as its bits); data goes out in raw_data, little-endian, as ONNX requires.
 */
import { allocateData, elementCount, type ElementType, type HostTensor, type TensorData } from '../graph/host-tensor.js';
import { ToolError } from '../util/errors.js';
import { DataType, onnx, type TensorProto } from './onnx-proto.js';
import { dataTypeName, storedBytes, tensorShape, type TensorSource } from './tensor-data.js';

const BY_DATA_TYPE = new Map<number, ElementType>([
  [DataType.FLOAT, 'float32'],
  [DataType.FLOAT16, 'float16'],
  [DataType.DOUBLE, 'float64'],
  [DataType.INT8, 'int8'],
  [DataType.INT16, 'int16'],
  [DataType.INT32, 'int32'],
  [DataType.INT64, 'int64'],
  [DataType.UINT8, 'uint8'],
  [DataType.UINT16, 'uint16'],
  [DataType.UINT32, 'uint32'],
  [DataType.UINT64, 'uint64'],
  [DataType.BOOL, 'bool'],
]);

const DATA_TYPE_OF = new Map<ElementType, number>([...BY_DATA_TYPE].map(([k, v]) => [v, k]));

/** The ElementType of an ONNX data type number, or null for types we do not carry (string, bfloat16, complex…). */
export function elementTypeOf(dataType: number | null | undefined): ElementType | null {
  return BY_DATA_TYPE.get(dataType ?? 0) ?? null;
}

export function dataTypeOf(type: ElementType): number {
  return DATA_TYPE_OF.get(type)!;
}

/** Little-endian bytes → typed array of `type` (a copy, aligned). */
function fromLittleEndian(bytes: Uint8Array, type: ElementType, count: number): TensorData {
  const data = allocateData(type, count);
  const target = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  target.set(bytes.subarray(0, target.length));
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('big-endian hosts are not supported');
  return data;
}

function toLittleEndian(data: TensorData): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
}

function typedField(t: TensorProto, type: ElementType, count: number, where: string): TensorData {
  const data = allocateData(type, count);
  const check = (field: string, values: readonly unknown[] | null | undefined) => {
    const n = values?.length ?? 0;
    if (n !== count) throw new ToolError(`${where}: ${field} holds ${n} values, its dims need ${count}`);
  };
  switch (type) {
    case 'float32':
      check('float_data', t.floatData);
      (data as Float32Array).set(t.floatData ?? []);
      return data;
    case 'float64':
      check('double_data', t.doubleData);
      (data as Float64Array).set(t.doubleData ?? []);
      return data;
    case 'int64':
      check('int64_data', t.int64Data);
      (t.int64Data ?? []).forEach((v, i) => ((data as BigInt64Array)[i] = BigInt(typeof v === 'number' ? v : v.toString())));
      return data;
    case 'uint32':
    case 'uint64':
      check('uint64_data', t.uint64Data);
      (t.uint64Data ?? []).forEach((v, i) => {
        const n = BigInt(typeof v === 'number' ? v : v.toString());
        if (type === 'uint64') (data as BigUint64Array)[i] = BigInt.asUintN(64, n);
        else (data as Uint32Array)[i] = Number(n);
      });
      return data;
    default:
      // int8/16/32, uint8/16, bool and float16 (its bits) live in int32_data.
      check('int32_data', t.int32Data);
      (t.int32Data ?? []).forEach((v, i) => {
        (data as Int32Array)[i] = v;
      });
      return data;
  }
}

/** A TensorProto of any supported element type as a HostTensor (a fresh copy). */
export function hostTensorFromProto(t: TensorProto, source: TensorSource): HostTensor {
  const where = `${source.where}: tensor "${t.name ?? ''}"`;
  const type = elementTypeOf(t.dataType);
  if (!type) throw new ToolError(`${where} is ${dataTypeName(t.dataType)}, which is not supported (supported: ${[...DATA_TYPE_OF.keys()].join(', ')})`);
  const { dims, count } = tensorShape(t, where);
  const width = allocateData(type, 0).BYTES_PER_ELEMENT;
  const bytes = storedBytes(t, count * width, where, source);
  const data = bytes ? fromLittleEndian(bytes, type, count) : typedField(t, type, count, where);
  if (type === 'bool') for (let i = 0; i < data.length; i++) (data as Uint8Array)[i] = data[i] ? 1 : 0;
  return { type, dims, data };
}

export function hostTensorToProto(name: string, t: HostTensor): TensorProto {
  const count = elementCount(t.dims);
  if (count !== t.data.length) throw new RangeError(`tensor "${name}": dims [${t.dims.join(',')}] need ${count} values, got ${t.data.length}`);
  return { name, dims: [...t.dims], dataType: dataTypeOf(t.type), rawData: toLittleEndian(t.data) };
}

/** One TensorProto as its own file (`input_0.pb`). */
export function encodeTensorProtoFile(name: string, t: HostTensor): Uint8Array {
  return onnx.TensorProto.encode(hostTensorToProto(name, t)).finish();
}

export function decodeTensorProtoFile(bytes: Uint8Array, source: string): { name: string; tensor: HostTensor } {
  let proto: TensorProto;
  try {
    proto = onnx.TensorProto.decode(bytes);
  } catch (error) {
    throw new ToolError(`${source}: not a TensorProto (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  return { name: proto.name ?? '', tensor: hostTensorFromProto(proto, { where: source }) };
}

