/**
 * ONNX → ModelSpec. Walks the graph in order, letting the op table turn nodes into a
 * layer chain, then checks the result is an image classifier the engine can run:
 * one float32 [N,3,32,32] input, a single unbranched chain, [N,classes] output (plus,
 * optionally, that output's softmax).
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatShape } from '../graph/format-shape.js';
import type { ActivationValue, BatchDim } from './onnx-ops/activation-value.js';
import type { ModelSpec } from '../graph/model-spec.js';
import { ToolError } from '../util/errors.js';
import { EXPECTED_INPUT, inferChainShapes } from './chain-shapes.js';
import type { ExternalDataSource } from './external-data.js';
import { externalDataSource } from './external-data-in-memory.js';
import type { ExternalDataBytes } from './inline-external-data.js';
import { parseClassLabels } from './metadata.js';
import { ReaderNodeContext } from './node-context.js';
import { attributeProblems, Attributes } from './onnx-ops/attributes.js';
import { ChainBuilder } from './onnx-ops/chain-builder.js';
import { lookupOp } from './onnx-ops/index.js';
import type { Value } from './onnx-ops/types.js';
import { decodeModelProto, DataType, int64ToNumber, type ModelProto, type ValueInfoProto } from './onnx-proto.js';
import { MAX_OPSET, MIN_READ_OPSET } from './opsets.js';
import { elementTypeLabel } from './tensor-data.js';

/** Protobuf cannot encode a message of 2 GiB or more, so a larger file is not a model. */
const MAX_MODEL_BYTES = 2 ** 31 - 1;

export interface OnnxReadOptions {
  /** Folder that external data locations are relative to (the model's folder). */
  baseDir?: string;
  /** Name used in error messages. */
  source?: string;
  /** The external data files themselves, when the model comes without a folder (a browser page). */
  externalData?: readonly ExternalDataBytes[];
}

export function defaultOpset(model: ModelProto, source: string): number {
  const entries = (model.opsetImport ?? []).filter((o) => !o.domain || o.domain === 'ai.onnx');
  if (entries.length !== 1) throw new ToolError(`${source}: expected one ai.onnx opset import, found ${entries.length}`);
  return int64ToNumber(entries[0]!.version, `${source}: opset version`);
}

interface ValueType {
  elemType: number;
  dims: (number | string | null)[] | null;
}

function valueType(info: ValueInfoProto, source: string): ValueType {
  const tensor = info.type?.tensorType;
  if (!tensor) return { elemType: 0, dims: null };
  const dims = tensor.shape
    ? (tensor.shape.dim ?? []).map((d) => (d.dimValue !== null && d.dimValue !== undefined && int64ToNumber(d.dimValue, source) > 0 ? int64ToNumber(d.dimValue, source) : d.dimParam || null))
    : null;
  return { elemType: tensor.elemType ?? 0, dims };
}

function describeType(t: ValueType): string {
  return `${elementTypeLabel(t.elemType)} ${t.dims ? formatShape(t.dims.map((d) => d ?? '?')) : '(no shape)'}`;
}

function graphInput(model: ModelProto, source: string, initializers: Set<string>): { name: string; batch: BatchDim } {
  const inputs = (model.graph?.input ?? []).filter((i) => !initializers.has(i.name ?? ''));
  const found = inputs.map((i) => `"${i.name}" ${describeType(valueType(i, source))}`).join(', ') || 'none';
  const want = `one float32 image input ${formatShape(['N', ...EXPECTED_INPUT])}`;
  if (inputs.length !== 1) throw new ToolError(`${source}: expected ${want}; found ${found}`);
  const t = valueType(inputs[0]!, source);
  const dims = t.dims;
  if (t.elemType !== DataType.FLOAT || !dims || dims.length !== 4 || dims.slice(1).some((d, i) => d !== EXPECTED_INPUT[i])) {
    throw new ToolError(`${source}: expected ${want}; found ${found}`);
  }
  return { name: inputs[0]!.name ?? '', batch: dims[0] ?? null };
}

/** Walk the nodes through the op table; returns the value map. */
function importNodes(model: ModelProto, source: string, opset: number, chain: ChainBuilder, values: Map<string, Value>, external: ExternalDataSource) {
  const tensors = { where: source, external };
  for (const [index, node] of (model.graph?.node ?? []).entries()) {
    const opType = node.opType ?? '';
    const label = `node "${node.name || `#${index}`}" (${opType})`;
    const op = !node.domain || node.domain === 'ai.onnx' ? lookupOp(opType) : undefined;
    if (!op) {
      const domain = node.domain && node.domain !== 'ai.onnx' ? `, domain ${node.domain}` : '';
      throw new ToolError(`${source}: unsupported op "${opType}" (node "${node.name ?? ''}"${domain}, opset ${opset})`);
    }
    if (opset < op.since) throw new ToolError(`${source}: ${label} needs opset ${op.since}, the model declares ${opset}`);
    const problems = attributeProblems(node, op.attributes, opset);
    if (problems.length) throw new ToolError(`${source}: ${label}: ${problems[0]}`);
    const inputNames = node.input ?? [];
    const outputNames = node.output ?? [];
    if (inputNames.length < op.inputs[0] || inputNames.length > op.inputs[1]) {
      throw new ToolError(`${source}: ${label} has ${inputNames.length} inputs, expected ${op.inputs[0]}..${op.inputs[1]}`);
    }
    if (outputNames.length < op.outputs[0] || outputNames.length > op.outputs[1] || outputNames.slice(1).some((n) => n !== '')) {
      throw new ToolError(`${source}: ${label}: only the first output is supported`);
    }
    const inputs = inputNames.map((name) => {
      if (name === '') return undefined;
      const v = values.get(name);
      if (!v) throw new ToolError(`${source}: ${label} reads "${name}", which no earlier node, input or initializer defines`);
      return v;
    });
    const ctx = new ReaderNodeContext(label, opset, new Attributes(node, `${source}: ${label}`), chain, inputNames, inputs, tensors);
    const [output] = op.importNode(ctx);
    const name = outputNames[0] ?? '';
    if (!name || !output) throw new ToolError(`${source}: ${label} has no output`);
    if (values.has(name)) throw new ToolError(`${source}: ${label} redefines "${name}"`);
    values.set(name, output);
  }
}

/** The chain's last value must be a graph output; the only other allowed output is the softmax's input (logits beside probabilities). */
function checkOutputs(model: ModelProto, source: string, chain: ChainBuilder, values: Map<string, Value>, input: ActivationValue): void {
  const open = new Set<ActivationValue>();
  for (const v of [input, ...values.values()]) if (v.kind === 'activation' && v.consumer === null) open.add(v);
  if (open.size !== 1 || open.has(input)) {
    throw new ToolError(`${source}: expected one chain of layers from the input to the output; it has ${chain.layers.length} layers and ${open.size} unused ends`);
  }
  const [head] = [...open] as [ActivationValue];
  const last = chain.layers.length - 1;
  let headIsOutput = false;
  for (const out of model.graph?.output ?? []) {
    const v = values.get(out.name ?? '');
    const preSoftmax = v !== undefined && chain.layers[last]?.kind === 'softmax' && v === chain.layerInputs[last];
    if (v !== head && !preSoftmax) throw new ToolError(`${source}: graph output "${out.name}" is not the end of the layer chain`);
    if (v === head) headIsOutput = true;
    const declared = valueType(out, source);
    const actual = [head.batch, ...(v as ActivationValue).shape];
    const mismatch = declared.dims && (declared.dims.length !== actual.length || declared.dims.some((d, i) => typeof d === 'number' && typeof actual[i] === 'number' && d !== actual[i]));
    if ((declared.elemType && declared.elemType !== DataType.FLOAT) || mismatch) {
      throw new ToolError(`${source}: graph output "${out.name}" is declared ${describeType(declared)} but computes float32 ${formatShape(actual.map((d) => d ?? '?'))}`);
    }
  }
  if (!headIsOutput) throw new ToolError(`${source}: the chain's last layer is not a graph output`);
}

function metadataOf(model: ModelProto, source: string): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const { key, value } of model.metadataProps ?? []) {
    if (!key || Object.hasOwn(metadata, key)) throw new ToolError(`${source}: metadata key "${key}" is empty or repeated`);
    metadata[key] = value ?? '';
  }
  return metadata;
}

function importModel(model: ModelProto, source: string, external: ExternalDataSource): ModelSpec {
  if (!model.graph) throw new ToolError(`${source}: the model has no graph`);
  const opset = defaultOpset(model, source);
  if (opset < MIN_READ_OPSET || opset > MAX_OPSET) {
    throw new ToolError(`${source}: opset ${opset} not supported (reads ${MIN_READ_OPSET}..${MAX_OPSET})`);
  }
  const values = new Map<string, Value>();
  for (const t of model.graph.initializer ?? []) {
    if (values.has(t.name ?? '')) throw new ToolError(`${source}: initializer "${t.name}" is defined twice`);
    values.set(t.name ?? '', { kind: 'constant', tensor: t });
  }
  const { name, batch } = graphInput(model, source, new Set(values.keys()));
  const input: ActivationValue = { kind: 'activation', shape: [...EXPECTED_INPUT], batch, layer: -1, consumer: null };
  values.set(name, input);
  const chain = new ChainBuilder(source);
  importNodes(model, source, opset, chain, values, external);
  checkOutputs(model, source, chain, values, input);
  const spec: ModelSpec = { inputShape: [...EXPECTED_INPUT], layers: chain.layers, params: chain.params, metadata: metadataOf(model, source) };
  const { classes } = inferChainShapes(spec, source);
  parseClassLabels(spec.metadata, classes, source);
  return spec;
}

/** Decodes ONNX bytes and hands the model to `build` with a reader for its external data (closed after). */
export function withDecodedModel<T>(bytes: Uint8Array, options: OnnxReadOptions, build: (model: ModelProto, source: string, external: ExternalDataSource) => T): T {
  const source = options.source ?? 'model.onnx';
  const model = decodeModelProto(bytes, source);
  const external = externalDataSource(options, source);
  try {
    return build(model, source, external);
  } finally {
    external.close();
  }
}

/** Decode ONNX bytes into a ModelSpec; external data is read from `baseDir`. */
export function readOnnx(bytes: Uint8Array, options: OnnxReadOptions = {}): ModelSpec {
  return withDecodedModel(bytes, options, importModel);
}

/** Read a model file's bytes, refusing what cannot be a model before allocating. */
export function readModelFile(path: string): Uint8Array {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new ToolError(`${path}: not a file`);
    size = stat.size;
  } catch (err) {
    if (err instanceof ToolError) throw err;
    throw new ToolError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (size > MAX_MODEL_BYTES) throw new ToolError(`${path}: ${size} bytes is too large for an ONNX protobuf`);
  return readFileSync(path);
}

/** Load an .onnx file (and its external data, next to it) into a ModelSpec. */
export function loadOnnx(path: string): ModelSpec {
  return readOnnx(readModelFile(path), { baseDir: dirname(path), source: path });
}
