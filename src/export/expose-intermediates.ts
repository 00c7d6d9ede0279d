/**
 * For node-by-node bisection (verify-parity --bisect): a copy of a model whose every
 * intermediate tensor of a type we carry (floats, integers, bool) is also a graph
 * output, so a runtime can be asked for all of them in one run. Polygraphy calls this
 * "mark all".
 *
 * The original outputs stay first and unchanged, so the copy still answers like the
 * model; new outputs are declared with their element type and without a shape (runtimes
 * infer it). External weights are inlined: the copy is handed to runtimes as bytes,
 * without a folder.
 */
import type { ElementType } from '../graph/host-tensor.js';
import { ToolError } from '../util/errors.js';
import { elementTypes } from './element-types.js';
import { elementTypeOf } from './host-tensor-proto.js';
import { inlineExternalData, type ExternalDataBytes } from './inline-external-data.js';
import { decodeModelProto, encodeModelProto, type ValueInfoProto } from './onnx-proto.js';

export interface IntermediateTensor {
  /** Position of the producing node in the graph (graph order is a valid execution order). */
  index: number;
  /** The node's name, or `#index` when it has none. */
  node: string;
  opType: string;
  /** The tensor's name, now also a graph output. */
  output: string;
  type: ElementType;
  /** The node's inputs ('' for an omitted optional one). */
  inputs: string[];
}

export interface ExposedModel {
  bytes: Uint8Array;
  /** Every tensor a node computes whose type is known, in graph order (the original outputs included). */
  tensors: IntermediateTensor[];
  /** Names of the graph's initializers (weights), which need no comparing. */
  weights: Set<string>;
}

export function nodeLabel(name: string | null | undefined, index: number): string {
  return name || `#${index}`;
}

export function exposeIntermediates(bytes: Uint8Array, source: string, externalData: readonly ExternalDataBytes[] = []): ExposedModel {
  const model = decodeModelProto(bytes, source);
  const graph = model.graph;
  if (!graph) throw new ToolError(`${source}: the model has no graph`);
  graph.initializer = (graph.initializer ?? []).map((t) => inlineExternalData(t, externalData, `${source}: initializer "${t.name}"`));
  const types = elementTypes(graph, source);
  const outputs = graph.output ?? [];
  const declared = new Set(outputs.map((o) => o.name ?? ''));
  const added: ValueInfoProto[] = [];
  const tensors: IntermediateTensor[] = [];
  (graph.node ?? []).forEach((node, index) => {
    for (const output of node.output ?? []) {
      const dataType = types.get(output) ?? 0;
      const type = elementTypeOf(dataType);
      if (!output || !type) continue;
      tensors.push({ index, node: nodeLabel(node.name, index), opType: node.opType ?? '', output, type, inputs: [...(node.input ?? [])] });
      if (!declared.has(output)) {
        added.push({ name: output, type: { tensorType: { elemType: dataType } } });
        declared.add(output);
      }
    }
  });
  graph.output = [...outputs, ...added];
  return { bytes: encodeModelProto(model), tensors, weights: new Set((graph.initializer ?? []).map((t) => t.name ?? '')) };
}
