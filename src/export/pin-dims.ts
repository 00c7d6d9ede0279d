/**
 * A copy of a model with its symbolic dimensions (`batch`) made fixed sizes, on the
 * graph inputs, outputs and value_info: for runtimes that refuse dynamic shapes
 * (onnxruntime-web's WebGL execution provider).
 */
import { decodeModelProto, encodeModelProto, type ValueInfoProto } from './onnx-proto.js';

export function pinSymbolicDims(bytes: Uint8Array, sizes: Readonly<Record<string, number>>, source = 'model.onnx'): Uint8Array {
  const model = decodeModelProto(bytes, source);
  const pin = (v: ValueInfoProto) => {
    for (const d of v.type?.tensorType?.shape?.dim ?? []) {
      const size = d.dimParam ? sizes[d.dimParam] : undefined;
      if (size !== undefined) {
        d.dimParam = null;
        d.dimValue = size;
      }
    }
  };
  const g = model.graph;
  for (const v of [...(g?.input ?? []), ...(g?.output ?? []), ...(g?.valueInfo ?? [])]) pin(v);
  return encodeModelProto(model);
}
