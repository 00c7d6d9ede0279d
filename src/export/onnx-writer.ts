/**
 * ModelSpec → ONNX ModelProto bytes: Conv / MaxPool / Flatten / Gemm / Sigmoid / Relu
 * nodes with ONNX attribute names, input `input` [batch,C,H,W], output `logits`
 * [batch,classes] and, when asked (or when the spec ends in softmax), `probabilities`.
 *
 * Output is deterministic: same spec and options, same bytes. Every model is run
 * through the structural checker before it is returned.
 */
import { formatShape } from '../graph/format-shape.js';
import type { LayerSpec, ModelSpec } from '../graph/model-spec.js';
import { writeFileAtomic } from '../util/atomic-file.js';
import { ToolError } from '../util/errors.js';
import { EXPECTED_INPUT, inferChainShapes, windowOutputSize, type ChainShapes, type SampleShape } from './chain-shapes.js';
import { float32ToBytes } from './le-bytes.js';
import { buildMetadataEntries } from './metadata.js';
import { checkOnnxModel } from './onnx-check.js';
import { ATTRIBUTE_TYPE_OF_KIND } from './onnx-ops/attributes.js';
import { DataType, encodeModelProto, type AttributeProto, type IModelProto, type NodeProto, type TensorProto, type ValueInfoProto } from './onnx-proto.js';
import { checkWriteOpset, DEFAULT_OPSET, irVersionForOpset } from './opsets.js';
import { PRODUCER_NAME, producerVersion } from './producer.js';

export interface OnnxWriteOptions {
  /** Default-domain opset, 11..MAX_OPSET (default 13). */
  opset?: number;
  /** Add a Softmax `probabilities` output beside `logits`. */
  probabilities?: boolean;
  /** ModelProto.model_version (default 1). */
  modelVersion?: number;
  docString?: string;
  graphName?: string;
  /** metadata_props entries overriding the spec's metadata and the defaults. */
  metadata?: Record<string, string>;
  /** Name used in error messages. */
  target?: string;
}

export const INPUT_NAME = 'input';
export const LOGITS_NAME = 'logits';
export const PROBABILITIES_NAME = 'probabilities';
export const BATCH_DIM = 'batch';

function ints(name: string, values: number[]): AttributeProto {
  return { name, type: ATTRIBUTE_TYPE_OF_KIND.ints, ints: values };
}
function int(name: string, value: number): AttributeProto {
  return { name, type: ATTRIBUTE_TYPE_OF_KIND.int, i: value };
}
function float(name: string, value: number): AttributeProto {
  return { name, type: ATTRIBUTE_TYPE_OF_KIND.float, f: value };
}

function tensorValueInfo(name: string, shape: SampleShape): ValueInfoProto {
  const dim = [{ dimParam: BATCH_DIM }, ...shape.map((d) => ({ dimValue: d }))];
  return { name, type: { tensorType: { elemType: DataType.FLOAT, shape: { dim } } } };
}

function describeLayer(layer: LayerSpec): string {
  switch (layer.kind) {
    case 'conv2d':
      return `conv2d ${layer.inChannels}->${layer.outChannels}, kernel ${layer.kernel.join('x')}, stride ${layer.stride.join('x')}`;
    case 'maxpool2d':
      return `max pool ${layer.kernel.join('x')}, stride ${layer.stride.join('x')}${layer.ceilMode ? ', ceil mode' : ''}`;
    case 'linear':
      return `fully connected ${layer.inFeatures}->${layer.outFeatures} (weight [out,in], hence transB=1)`;
    default:
      return layer.kind;
  }
}

/** The ONNX node computing `layer` from `input` into `output`. */
function layerNode(layer: LayerSpec, input: string, output: string): NodeProto {
  const base = { name: layer.name, input: [input], output: [output], docString: describeLayer(layer) };
  const params = (weight: string, bias: string | null) => [input, weight, ...(bias === null ? [] : [bias])];
  switch (layer.kind) {
    case 'conv2d':
      return {
        ...base,
        opType: 'Conv',
        input: params(layer.weight, layer.bias),
        attribute: [ints('dilations', [1, 1]), int('group', 1), ints('kernel_shape', layer.kernel), ints('pads', layer.pads), ints('strides', layer.stride)],
      };
    case 'maxpool2d':
      return {
        ...base,
        opType: 'MaxPool',
        attribute: [int('ceil_mode', layer.ceilMode ? 1 : 0), ints('kernel_shape', layer.kernel), ints('pads', layer.pads), ints('strides', layer.stride)],
      };
    case 'linear':
      return { ...base, opType: 'Gemm', input: params(layer.weight, layer.bias), attribute: [float('alpha', 1), float('beta', 1), int('transB', 1)] };
    case 'flatten':
      return { ...base, opType: 'Flatten', attribute: [int('axis', 1)] };
    case 'sigmoid':
      return { ...base, opType: 'Sigmoid' };
    case 'relu':
      return { ...base, opType: 'Relu' };
    case 'softmax':
      // axis 1 on [batch,classes] means the same under the pre-13 and 13+ definitions.
      return { ...base, opType: 'Softmax', attribute: [int('axis', 1)] };
  }
}

/** First opset whose MaxPool shape inference drops ceil-mode windows that start in the end padding. */
const CEIL_POOL_INFERENCE_FIXED_OPSET = 22;

/**
 * Runtimes drop a ceil-mode pooling window that would start inside the end padding (as
 * PyTorch does), but ONNX shape inference before MaxPool-22 counts it, and onnxruntime
 * then refuses to load the model. Catch that here rather than ship an unloadable file.
 */
function checkCeilPooling(spec: ModelSpec, shapes: ChainShapes, opset: number, target: string): void {
  if (opset >= CEIL_POOL_INFERENCE_FIXED_OPSET) return;
  spec.layers.forEach((layer, i) => {
    if (layer.kind !== 'maxpool2d' || !layer.ceilMode) return;
    const input = i === 0 ? shapes.input : shapes.outputs[i - 1]!;
    for (const axis of [0, 1]) {
      const size = input[axis + 1]!;
      const [k, s, begin, end] = [layer.kernel[axis]!, layer.stride[axis]!, layer.pads[axis]!, layer.pads[axis + 2]!];
      const counted = Math.ceil((size + begin + end - k) / s) + 1;
      if (counted !== windowOutputSize(size, k, s, begin, end, true)) {
        throw new ToolError(`${target}: layer "${layer.name}" (maxpool2d, ceil mode) needs opset ${CEIL_POOL_INFERENCE_FIXED_OPSET}+: older ONNX shape inference counts a window that starts in the padding`);
      }
    }
  });
}

function initializer(name: string, shape: number[], data: Float32Array): TensorProto {
  return { name, dims: shape, dataType: DataType.FLOAT, rawData: float32ToBytes(data) };
}

/** Serialise `spec` as an ONNX model. */
export function writeOnnx(spec: ModelSpec, options: OnnxWriteOptions = {}): Uint8Array {
  const target = options.target ?? 'model.onnx';
  const opset = checkWriteOpset(options.opset ?? DEFAULT_OPSET);
  if (formatShape(spec.inputShape) !== formatShape(EXPECTED_INPUT)) {
    throw new ToolError(`${target}: input ${formatShape(spec.inputShape)} is not the ${formatShape(EXPECTED_INPUT)} RGB image this pipeline exports`);
  }
  const shapes = inferChainShapes(spec, target);
  checkCeilPooling(spec, shapes, opset, target);
  const trailingSoftmax = spec.layers[spec.layers.length - 1]!.kind === 'softmax';
  const chain = trailingSoftmax ? spec.layers.slice(0, -1) : spec.layers;
  const withProbabilities = trailingSoftmax || options.probabilities === true;
  if (chain.length === 0) throw new ToolError(`${target}: the model has no layers before its softmax`);

  const nodes: NodeProto[] = [];
  const valueInfo: ValueInfoProto[] = [];
  const initializers: TensorProto[] = [];
  let current = INPUT_NAME;
  chain.forEach((layer, i) => {
    const output = i === chain.length - 1 ? LOGITS_NAME : `${layer.name}.output`;
    nodes.push(layerNode(layer, current, output));
    if (output !== LOGITS_NAME) valueInfo.push(tensorValueInfo(output, shapes.outputs[i]!));
    if (layer.kind === 'conv2d' || layer.kind === 'linear') {
      for (const name of [layer.weight, layer.bias]) {
        if (name !== null) initializers.push(initializer(name, spec.params[name]!.shape, spec.params[name]!.data));
      }
    }
    current = output;
  });
  const outputs = [tensorValueInfo(LOGITS_NAME, [shapes.classes])];
  if (withProbabilities) {
    // Named after its output whether or not the spec lists it, so read → write is stable.
    nodes.push(layerNode({ kind: 'softmax', name: PROBABILITIES_NAME }, LOGITS_NAME, PROBABILITIES_NAME));
    outputs.push(tensorValueInfo(PROBABILITIES_NAME, [shapes.classes]));
  }

  const model: IModelProto = {
    irVersion: irVersionForOpset(opset),
    opsetImport: [{ domain: '', version: opset }],
    producerName: PRODUCER_NAME,
    producerVersion: producerVersion(),
    modelVersion: options.modelVersion ?? 1,
    docString: options.docString ?? `Image classifier (${shapes.classes} classes, input ${formatShape(['batch', ...shapes.input])} RGB in [0,1]); see metadata_props.`,
    graph: {
      name: options.graphName ?? 'lenet',
      node: nodes,
      initializer: initializers,
      input: [tensorValueInfo(INPUT_NAME, shapes.input)],
      output: outputs,
      valueInfo,
    },
    metadataProps: buildMetadataEntries(spec, shapes.classes, options.metadata, target),
  };
  const problems = checkOnnxModel(model);
  if (problems.length) throw new ToolError(`${target}: refusing to write an invalid model: ${problems[0]}`);
  return encodeModelProto(model);
}

/** Write `spec` to `path` as ONNX, atomically (temp file + rename). */
export function saveOnnx(path: string, spec: ModelSpec, options: OnnxWriteOptions = {}): void {
  writeFileAtomic(path, writeOnnx(spec, { target: path, ...options }));
}
