/**
 * A copy of a model whose symbolic input dims are fixed sizes (`batch` → 8): for
 * runtimes that take no dynamic shapes, such as onnxruntime-web's WebGL execution
 * provider, which checks every feed against the declared dims.
 */
import { decodeModelProto, encodeModelProto } from './onnx-proto.js';

export function bindInputDims(bytes: Uint8Array, source: string, sizes: ReadonlyMap<string, number>): Uint8Array {
  const model = decodeModelProto(bytes, source);
  for (const input of model.graph?.input ?? []) {
    for (const dim of input.type?.tensorType?.shape?.dim ?? []) {
      const size = dim.dimParam ? sizes.get(dim.dimParam) : undefined;
      if (size === undefined) continue;
      dim.dimParam = '';
      dim.dimValue = size;
    }
  }
  return encodeModelProto(model);
}
