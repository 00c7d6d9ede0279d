/**
 * The single doorway to the generated ONNX protobuf classes (onnx-proto bundles
 * protobufjs 6 and the `onnx` namespace of ONNX 1.10's onnx.proto). Everything else in
 * the repo goes through src/export's typed API, never through protobuf directly.
 *
 * Fields added to onnx.proto after 1.10 (e.g. node-level metadata_props) are unknown
 * to this schema; protobufjs skips unknown fields on decode, which is what we want.
 */
import type OnnxProto from 'onnx-proto';
import { ToolError } from '../util/errors.js';
import { nodeRequire } from '../util/node-require.js';

// `require` where Node has it (src/util/node-require.ts says why); browsers get the bundle.
const onnxProto = (nodeRequire(import.meta.url)?.('onnx-proto') ?? (await import('onnx-proto')).default) as typeof OnnxProto;

export const onnx = onnxProto.onnx;
export type ModelProto = OnnxProto.onnx.ModelProto;
export type IModelProto = OnnxProto.onnx.IModelProto;
export type GraphProto = OnnxProto.onnx.IGraphProto;
export type NodeProto = OnnxProto.onnx.INodeProto;
export type TensorProto = OnnxProto.onnx.ITensorProto;
export type AttributeProto = OnnxProto.onnx.IAttributeProto;
export type ValueInfoProto = OnnxProto.onnx.IValueInfoProto;
export type StringStringEntry = OnnxProto.onnx.IStringStringEntryProto;

export const DataType = onnx.TensorProto.DataType;
export const AttributeType = onnx.AttributeProto.AttributeType;

/** An int64 field as protobufjs hands it over: a number, or a Long-like object. */
export type Int64Like = number | { toNumber(): number; toString(): string };

/** An int64 as a JS number, refusing values that a double cannot hold exactly. */
export function int64ToNumber(v: Int64Like | null | undefined, what: string): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new ToolError(`${what}: integer ${v} out of range`);
    return v;
  }
  const n = v.toNumber();
  if (!Number.isSafeInteger(n)) throw new ToolError(`${what}: integer ${v.toString()} out of range`);
  return n;
}

/** Decode ModelProto bytes; any protobuf-level failure becomes a one-line ToolError. */
export function decodeModelProto(bytes: Uint8Array, source: string): ModelProto {
  if (bytes.length === 0) throw new ToolError(`${source}: empty file, not an ONNX model`);
  try {
    return onnx.ModelProto.decode(bytes);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new ToolError(`${source}: not a valid ONNX protobuf (${why.split('\n')[0]})`);
  }
}

export function encodeModelProto(model: IModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}
