/**
 * What any ONNX model takes and gives, read straight from the protobuf: every graph
 * input (initializers excluded, as old exporters list weights as inputs too) and output
 * with its element type and dims (symbolic names kept), which outputs a Softmax
 * produces, the external data files it names, and its metadata_props. Runtimes use it
 * before running anything, so ORT can run — and be compared — on a model our engine
 * cannot import.
 */
import type { Dim, ValueInfo } from '../graph/executor/graph-ir.js';
import { ToolError } from '../util/errors.js';
import { elementTypeOf } from './host-tensor-proto.js';
import { decodeModelProto, int64ToNumber, type ValueInfoProto } from './onnx-proto.js';
import { elementTypeLabel } from './tensor-data.js';

/** A graph input or output; `type` is null for what we cannot carry (string or bfloat16 tensors, sequences, maps). */
export interface TensorInfo extends ValueInfo {
  /** How messages name the type: `float32`, `string`, `sequence`… */
  readonly typeName: string;
}

export interface ModelInterface {
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  /** Outputs a Softmax node produces directly (probabilities rather than logits). */
  softmaxOutputs: Set<string>;
  /** External data files (relative to the model's folder), in first-use order. */
  externalDataFiles: string[];
  metadata: Record<string, string>;
}

function dimsOf(info: ValueInfoProto, source: string): Dim[] | null {
  const shape = info.type?.tensorType?.shape;
  if (!shape) return null;
  return (shape.dim ?? []).map((d) => {
    // An unset dim_value decodes as zero (possibly a Long), which means "unknown".
    const value = d.dimValue === null || d.dimValue === undefined ? 0 : int64ToNumber(d.dimValue, source);
    return value > 0 ? value : d.dimParam || null;
  });
}

function tensorInfo(info: ValueInfoProto, source: string): TensorInfo {
  const tensorType = info.type?.tensorType;
  const name = info.name ?? '';
  if (!tensorType) {
    const kind = info.type?.sequenceType ? 'sequence' : info.type?.mapType ? 'map' : info.type?.optionalType ? 'optional' : 'non-tensor';
    return { name, type: null, typeName: kind, dims: null };
  }
  return { name, type: elementTypeOf(tensorType.elemType), typeName: elementTypeLabel(tensorType.elemType), dims: dimsOf(info, source) };
}

export type { Dim };

/** `"x" float32 [batch,3,224,224]`, how messages name a graph input or output. */
export function describeTensorInfo(t: TensorInfo): string {
  return `"${t.name}" ${t.typeName} ${t.dims ? `[${t.dims.map((d) => d ?? '?').join(',')}]` : '(no shape)'}`;
}

/** Reads the interface of ONNX `bytes`; a file that is not ONNX is a one-line ToolError. */
export function readModelInterface(bytes: Uint8Array, source: string): ModelInterface {
  const model = decodeModelProto(bytes, source);
  const graph = model.graph;
  if (!graph) throw new ToolError(`${source}: the model has no graph`);
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name ?? ''));
  const inputs = (graph.input ?? []).filter((i) => !initializers.has(i.name ?? '')).map((i) => tensorInfo(i, source));
  const outputs = (graph.output ?? []).map((o) => tensorInfo(o, source));
  if (outputs.length === 0) throw new ToolError(`${source}: the model has no outputs`);
  const softmaxOutputs = new Set((graph.node ?? []).filter((n) => n.opType === 'Softmax').flatMap((n) => n.output ?? []));

  const externalDataFiles = new Set<string>();
  for (const t of graph.initializer ?? []) {
    for (const e of t.externalData ?? []) if (e.key === 'location' && e.value) externalDataFiles.add(e.value);
  }
  const metadata: Record<string, string> = {};
  for (const { key, value } of model.metadataProps ?? []) if (key) metadata[key] = value ?? '';
  return { inputs, outputs, softmaxOutputs, externalDataFiles: [...externalDataFiles], metadata };
}
