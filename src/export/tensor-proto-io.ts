/**
 * A single float32 TensorProto as its own file: the `input_0.pb` / `output_0.pb` of an
 * ONNX test data set, which onnx's backend test runner and onnxruntime's
 * onnx_test_runner replay. Data goes in raw_data, little-endian, as ONNX requires.
 */
import { formatShape } from '../graph/format-shape.js';
import { ToolError } from '../util/errors.js';
import { float32ToBytes } from './le-bytes.js';
import { DataType, onnx } from './onnx-proto.js';
import { readFloatTensor, type FloatTensor } from './tensor-data.js';

export function encodeFloatTensorProto(name: string, dims: readonly number[], data: Float32Array): Uint8Array {
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new RangeError(`tensor "${name}": dims ${formatShape(dims)} need ${count} values, got ${data.length}`);
  return onnx.TensorProto.encode({ name, dims: [...dims], dataType: DataType.FLOAT, rawData: float32ToBytes(data) }).finish();
}

export function decodeFloatTensorProto(bytes: Uint8Array, source: string): FloatTensor & { name: string } {
  let tensor;
  try {
    tensor = onnx.TensorProto.decode(bytes);
  } catch (error) {
    throw new ToolError(`${source}: not a TensorProto (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  return { name: tensor.name ?? '', ...readFloatTensor(tensor, { where: source }) };
}
