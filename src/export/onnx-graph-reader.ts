/**
 * ONNX bytes → ExecGraph, the general graph the executor runs: every node with its
 * attributes decoded, initializers as HostTensors (external data read through
 * ExternalDataReader with its path policy), inputs and outputs with their declared
 * types and symbolic dims. Subgraph attributes (If, Loop, Scan) are refused with one
 * line naming the node; which ops run is the executor's question, not the reader's.
 */
import { dirname } from 'node:path';
import type { AttributeValue, Dim, ExecGraph, ExecNode, ValueInfo } from '../graph/executor/graph-ir.js';
import type { HostTensor } from '../graph/host-tensor.js';
import { ToolError } from '../util/errors.js';
import type { ExternalDataSource } from './external-data.js';
import { elementTypeOf, hostTensorFromProto } from './host-tensor-proto.js';
import { AttributeType, type AttributeProto, type Int64Like, type ModelProto, type ValueInfoProto } from './onnx-proto.js';
import { readModelFile, withDecodedModel, type OnnxReadOptions } from './onnx-reader.js';
import { MAX_OPSET } from './opsets.js';
import { dataTypeName } from './tensor-data.js';
import type { TensorSource } from './tensor-data.js';

/** Kernels follow each opset's semantics where they differ (or refuse, naming the node). */
export const MIN_GRAPH_OPSET = 1;

export type GraphReadOptions = OnnxReadOptions;

/** An int64 attribute as a number; huge values (INT64_MAX as "to the end") keep their magnitude. */
function intOf(v: Int64Like | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : Number(v.toString());
}

function defaultDomainOpset(model: ModelProto, source: string): number {
  const entries = (model.opsetImport ?? []).filter((o) => !o.domain || o.domain === 'ai.onnx');
  if (entries.length !== 1) throw new ToolError(`${source}: expected one ai.onnx opset import, found ${entries.length}`);
  const opset = intOf(entries[0]!.version);
  if (opset < MIN_GRAPH_OPSET || opset > MAX_OPSET) throw new ToolError(`${source}: opset ${opset} not supported (reads ${MIN_GRAPH_OPSET}..${MAX_OPSET})`);
  return opset;
}

function valueInfo(info: ValueInfoProto): ValueInfo {
  const tensor = info.type?.tensorType;
  const dims: Dim[] | null = tensor?.shape
    ? (tensor.shape.dim ?? []).map((d) => {
        const which = (d as { value?: string }).value;
        if (which === 'dimValue') return intOf(d.dimValue);
        return which === 'dimParam' && d.dimParam ? d.dimParam : null;
      })
    : null;
  return { name: info.name ?? '', type: elementTypeOf(tensor?.elemType), dims };
}

function attributeKind(attr: AttributeProto): number {
  if (attr.type) return attr.type;
  // Old files may leave `type` out; the populated field tells it, as onnx's checker does.
  if (attr.ints?.length) return AttributeType.INTS;
  if (attr.floats?.length) return AttributeType.FLOATS;
  if (attr.strings?.length) return AttributeType.STRINGS;
  if (attr.t) return AttributeType.TENSOR;
  if (attr.g) return AttributeType.GRAPH;
  if (attr.s?.length) return AttributeType.STRING;
  return attr.f ? AttributeType.FLOAT : AttributeType.INT;
}

const utf8 = new TextDecoder();

function attributeValue(attr: AttributeProto, where: string, tensors: TensorSource): AttributeValue {
  switch (attributeKind(attr)) {
    case AttributeType.INT: return { kind: 'int', value: intOf(attr.i) };
    case AttributeType.INTS: return { kind: 'ints', value: (attr.ints ?? []).map(intOf) };
    case AttributeType.FLOAT: return { kind: 'float', value: attr.f ?? 0 };
    case AttributeType.FLOATS: return { kind: 'floats', value: [...(attr.floats ?? [])] };
    case AttributeType.STRING: return { kind: 'string', value: utf8.decode(attr.s ?? new Uint8Array()) };
    case AttributeType.STRINGS: return { kind: 'strings', value: (attr.strings ?? []).map((s) => utf8.decode(s)) };
    case AttributeType.TENSOR: return { kind: 'tensor', value: hostTensorFromProto(attr.t ?? {}, tensors) };
    case AttributeType.GRAPH:
    case AttributeType.GRAPHS:
      throw new ToolError(`${where}: attribute "${attr.name}" is a subgraph; control flow (If, Loop, Scan) is not supported`);
    default:
      throw new ToolError(`${where}: attribute "${attr.name}" has type ${AttributeType[attributeKind(attr)] ?? attributeKind(attr)}, which is not supported`);
  }
}

function readNodes(model: ModelProto, source: string, tensors: TensorSource): ExecNode[] {
  return (model.graph?.node ?? []).map((node, index) => {
    const name = node.name || `#${index}`;
    const opType = node.opType ?? '';
    const domain = node.domain === 'ai.onnx' ? '' : (node.domain ?? '');
    const where = `${source}: node "${name}" (${opType})`;
    const attributes = new Map<string, AttributeValue>();
    for (const attr of node.attribute ?? []) {
      const attrName = attr.name ?? '';
      if (attributes.has(attrName)) throw new ToolError(`${where}: attribute "${attrName}" appears twice`);
      attributes.set(attrName, attributeValue(attr, where, { ...tensors, where }));
    }
    return { name, opType, domain, inputs: [...(node.input ?? [])], outputs: [...(node.output ?? [])], attributes };
  });
}

function graphOf(model: ModelProto, source: string, external: ExternalDataSource): ExecGraph {
  const graph = model.graph;
  if (!graph) throw new ToolError(`${source}: the model has no graph`);
  const opset = defaultDomainOpset(model, source);
  if ((graph.sparseInitializer ?? []).length > 0) throw new ToolError(`${source}: sparse initializers are not supported`);
  const tensors: TensorSource = { where: source, external };
  const initializers = new Map<string, HostTensor>();
  for (const t of graph.initializer ?? []) {
    const name = t.name ?? '';
    if (initializers.has(name)) throw new ToolError(`${source}: initializer "${name}" is defined twice`);
    if (!elementTypeOf(t.dataType)) throw new ToolError(`${source}: initializer "${name}" is ${dataTypeName(t.dataType)}, which is not supported`);
    initializers.set(name, hostTensorFromProto(t, tensors));
  }
  // Before IR 4 every initializer was also listed as an input; those are not fed.
  const inputs = (graph.input ?? []).filter((i) => !initializers.has(i.name ?? '')).map(valueInfo);
  const outputs = (graph.output ?? []).map(valueInfo);
  for (const v of [...inputs, ...outputs]) {
    if (v.type === null) throw new ToolError(`${source}: graph ${inputs.includes(v) ? 'input' : 'output'} "${v.name}" is not a tensor of a supported element type`);
  }
  return { inputs, outputs, initializers, nodes: readNodes(model, source, tensors), opset };
}

/** Decode ONNX bytes into an ExecGraph; external data is read from `baseDir`. */
export function readOnnxGraph(bytes: Uint8Array, options: GraphReadOptions = {}): ExecGraph {
  return withDecodedModel(bytes, options, graphOf);
}

/** Load an .onnx file (and its external data, next to it) into an ExecGraph. */
export function loadOnnxGraph(path: string): ExecGraph {
  return readOnnxGraph(readModelFile(path), { baseDir: dirname(path), source: path });
}
