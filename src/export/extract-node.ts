/**
 * A minimal reproducer for a node a runtime computes wrongly: that one node as its own
 * ONNX model. Its weights (initializers, external data inlined) and any Constant nodes
 * feeding it come along; every other input becomes a graph input with a fixed shape, to
 * be fed from an ONNX test data set (input_N.pb) — the form upstream bug trackers ask for.
 */
import type { ElementType } from '../graph/host-tensor.js';
import { ToolError } from '../util/errors.js';
import { nodeLabel } from './expose-intermediates.js';
import { dataTypeOf } from './host-tensor-proto.js';
import { inlineExternalData, type ExternalDataBytes } from './inline-external-data.js';
import { decodeModelProto, encodeModelProto, type NodeProto, type TensorProto, type ValueInfoProto } from './onnx-proto.js';
import { PRODUCER_NAME, producerVersion } from './producer.js';

export interface ExtractNodeOptions {
  /** Type and shape of the node's computed inputs and its outputs, as a run produced them. */
  values: ReadonlyMap<string, { readonly type: ElementType; readonly dims: readonly number[] }>;
  /** The model's external data files in memory, for inlining weights. */
  externalData: readonly ExternalDataBytes[];
}

export interface ExtractedNode {
  bytes: Uint8Array;
  /** Graph inputs in order: the data set's input_0.pb, input_1.pb, … */
  inputs: string[];
  /** Graph outputs in order: output_0.pb, … */
  outputs: string[];
}

function tensorInfo(name: string, value: { type: ElementType; dims: readonly number[] }): ValueInfoProto {
  return { name, type: { tensorType: { elemType: dataTypeOf(value.type), shape: { dim: value.dims.map((d) => ({ dimValue: d })) } } } };
}

/** Node `index` of the model in `bytes` as a one-node model (plus the Constant nodes it reads). */
export function extractNode(bytes: Uint8Array, source: string, index: number, options: ExtractNodeOptions): ExtractedNode {
  const model = decodeModelProto(bytes, source);
  const graph = model.graph;
  const node = graph?.node?.[index];
  if (!graph || !node) throw new ToolError(`${source}: has no node #${index}`);
  const label = `${source}: node "${nodeLabel(node.name, index)}" (${node.opType})`;
  const initializers = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  const constants = new Map<string, NodeProto>();
  for (const n of graph.node ?? []) if (n.opType === 'Constant') for (const out of n.output ?? []) constants.set(out, n);

  const keptInitializers: TensorProto[] = [];
  const keptConstants: NodeProto[] = [];
  const inputs: ValueInfoProto[] = [];
  for (const name of new Set(node.input ?? [])) {
    if (name === '') continue;
    const initializer = initializers.get(name);
    const constant = constants.get(name);
    const value = options.values.get(name);
    if (initializer) keptInitializers.push(inlineExternalData(initializer, options.externalData, `${label}: initializer "${name}"`));
    else if (constant) keptConstants.push(constant);
    else if (value) inputs.push(tensorInfo(name, value));
    else throw new ToolError(`${label} reads "${name}", which is neither a weight nor a captured tensor`);
  }
  const outputs = (node.output ?? [])
    .filter((name) => name !== '' && options.values.has(name))
    .map((name) => tensorInfo(name, options.values.get(name)!));
  if (outputs.length === 0) throw new ToolError(`${label}: none of its outputs was captured`);

  const reproducer = encodeModelProto({
    irVersion: model.irVersion,
    opsetImport: model.opsetImport,
    producerName: PRODUCER_NAME,
    producerVersion: producerVersion(),
    docString: `Node "${nodeLabel(node.name, index)}" (${node.opType}, #${index}) of ${source}, alone; feed it test_data_set_*/input_*.pb and compare with output_*.pb.`,
    graph: {
      name: `${node.opType}-${index}`,
      node: [...keptConstants, node],
      initializer: keptInitializers,
      input: inputs,
      output: outputs,
    },
  });
  return { bytes: reproducer, inputs: inputs.map((i) => i.name!), outputs: outputs.map((o) => o.name!) };
}
