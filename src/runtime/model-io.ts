/**
 * What a runtime and verify-parity need to know about a model's interface before
 * running it: every graph input and output (any count, any element type we carry,
 * symbolic dims), whether it looks like an image model (a property, never a
 * requirement), its fixed batch size if any, and which output is the "compared" one of
 * our classifier path (the logits, when a Softmax sits beside them).
 */
import { describeTensorInfo, readModelInterface, type Dim, type TensorInfo } from '../export/model-interface.js';
import { ToolError } from '../util/errors.js';

export type { Dim, TensorInfo } from '../export/model-interface.js';
export { describeTensorInfo } from '../export/model-interface.js';

export type OutputKind = 'logits' | 'probabilities';

export interface ModelOutput extends TensorInfo {
  /** `probabilities` when a Softmax node produces it, `logits` otherwise. */
  kind: OutputKind;
}

export type ImageLayout = 'NCHW' | 'NHWC';

/** An input shaped like a batch of images: [N,C,H,W] or [N,H,W,C] with C = 1 or 3. */
export interface ImageInput {
  name: string;
  layout: ImageLayout;
  channels: 1 | 3;
  /** Sizes the model fixes, or symbolic/unknown. */
  height: Dim;
  width: Dim;
}

export interface ModelIO {
  /** Graph inputs the caller feeds, in graph order (initializers excluded). */
  inputs: TensorInfo[];
  /** Every graph output, in graph order (ONNX test data sets list them in this order). */
  outputs: ModelOutput[];
  /** The float image input, when the model has one (see ImageInput). */
  image: ImageInput | null;
  /** The batch size when the first input fixes its first dim (PyTorch's dynamo export fixes 1), else null. */
  fixedBatch: number | null;
  /** The classifier output predict and saved outputs use: the logits when exposed. */
  compared: ModelOutput;
  /** External data files (relative to the model's folder), in first-use order. */
  externalDataFiles: string[];
  /** metadata_props, as stored. */
  metadata: Record<string, string>;
}

const isChannels = (d: Dim): d is 1 | 3 => d === 1 || d === 3;

/** The first float input of rank 4 with 1 or 3 channels first (NCHW, preferred) or last (NHWC). */
export function findImageInput(inputs: readonly TensorInfo[]): ImageInput | null {
  for (const input of inputs) {
    const dims = input.dims;
    if (!dims || dims.length !== 4 || (input.type !== 'float32' && input.type !== 'float16' && input.type !== 'float64')) continue;
    const [, a, b, c] = dims as [Dim, Dim, Dim, Dim];
    if (isChannels(a)) return { name: input.name, layout: 'NCHW', channels: a, height: b, width: c };
    if (isChannels(c)) return { name: input.name, layout: 'NHWC', channels: c, height: a, width: b };
  }
  return null;
}

/** Reads the interface of ONNX `bytes`; a file that is not ONNX is a one-line ToolError (exit 2). */
export function readModelIO(bytes: Uint8Array, source: string): ModelIO {
  const found = readModelInterface(bytes, source);
  const outputs = found.outputs.map((o): ModelOutput => ({ ...o, kind: found.softmaxOutputs.has(o.name) ? 'probabilities' : 'logits' }));
  const compared = outputs.find((o) => o.kind === 'logits') ?? outputs[0];
  if (!compared) throw new ToolError(`${source}: the model has no outputs`);
  const first = found.inputs[0]?.dims?.[0];
  return {
    inputs: found.inputs,
    outputs,
    image: findImageInput(found.inputs),
    fixedBatch: typeof first === 'number' ? first : null,
    compared,
    externalDataFiles: found.externalDataFiles,
    metadata: found.metadata,
  };
}

/** One float32 [N,3,32,32] input: our own models' interface, with LeNet's image path as default. */
export function isLenetInterface(io: ModelIO): boolean {
  const input = io.inputs[0];
  return io.inputs.length === 1 && input?.type === 'float32' && io.image?.layout === 'NCHW' && io.image.channels === 3 && io.image.height === 32 && io.image.width === 32;
}

/** `"x" float32 [batch,3,224,224], "ids" int64 [batch,12]`: the model's inputs for messages. */
export function describeInputs(io: ModelIO): string {
  return io.inputs.map(describeTensorInfo).join(', ') || 'none';
}
