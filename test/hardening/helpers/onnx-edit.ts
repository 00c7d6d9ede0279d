/** A model file's bytes with one change made to its decoded ModelProto, re-encoded. */
import { decodeModelProto, encodeModelProto, type ModelProto } from '../../../src/export/onnx-proto.js';

export function editedModel(bytes: Uint8Array, edit: (model: ModelProto) => void): Uint8Array {
  const model = decodeModelProto(bytes, 'model.onnx');
  edit(model);
  return encodeModelProto(model);
}
