/**
 * Shape inference and validation for a ModelSpec's layer chain: the one place that says
 * whether a spec is a runnable image classifier ([C,H,W] in, [classes] out per sample).
 * The writer refuses specs that fail here, and the reader checks its result here too, so
 * whatever one side accepts the other can express.
 */
import { formatShape } from '../graph/format-shape.js';
import type { LayerSpec, ModelSpec, ParamData } from '../graph/model-spec.js';
import { ToolError } from '../util/errors.js';

/** The per-image input our pipeline feeds and our files declare: RGB 32×32, [C,H,W]. */
export const EXPECTED_INPUT: readonly [number, number, number] = [3, 32, 32];

/** A per-sample shape (the batch dimension is implicit). */
export type SampleShape = number[];

export interface ChainShapes {
  input: SampleShape;
  /** Output shape of each layer, in order. */
  outputs: SampleShape[];
  classes: number;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Output length along one spatial axis; ceil mode drops a window that would start inside the end padding (as ONNX and PyTorch do). */
export function windowOutputSize(
  size: number,
  kernel: number,
  stride: number,
  padBegin: number,
  padEnd: number,
  ceilMode: boolean,
): number {
  const span = size + padBegin + padEnd - kernel;
  if (span < 0) return 0;
  let out = (ceilMode ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
  if (ceilMode && (out - 1) * stride >= size + padBegin) out--;
  return out;
}

function isPositiveInt(n: unknown): n is number {
  return Number.isSafeInteger(n) && (n as number) > 0;
}

function isNonNegativeInt(n: unknown): n is number {
  return Number.isSafeInteger(n) && (n as number) >= 0;
}

function paramWithShape(
  params: Record<string, ParamData>,
  name: string,
  expected: number[],
  where: string,
): void {
  const p = Object.hasOwn(params, name) ? params[name] : undefined;
  if (!p) throw new ToolError(`${where}: parameter "${name}" is missing`);
  if (formatShape(p.shape) !== formatShape(expected)) {
    throw new ToolError(`${where}: parameter "${name}" has shape ${formatShape(p.shape)}, expected ${formatShape(expected)}`);
  }
  if (!(p.data instanceof Float32Array) || p.data.length !== elementCount(expected)) {
    throw new ToolError(`${where}: parameter "${name}" holds ${p.data?.length} values, its shape needs ${elementCount(expected)}`);
  }
}

/** The per-sample output shape of `layer` for `input`, checking the layer's own parameters. */
export function layerOutputShape(
  layer: LayerSpec,
  input: SampleShape,
  params: Record<string, ParamData>,
  where: string,
): SampleShape {
  const at = `${where}: layer "${layer.name}" (${layer.kind})`;
  switch (layer.kind) {
    case 'conv2d': {
      if (input.length !== 3) throw new ToolError(`${at} needs a [C,H,W] input, got ${formatShape(input)}`);
      const [c, h, w] = input as [number, number, number];
      const [kh, kw] = layer.kernel;
      const [sh, sw] = layer.stride;
      const [pt, pl, pb, pr] = layer.pads;
      if (![kh, kw, sh, sw].every(isPositiveInt) || !layer.pads.every(isNonNegativeInt)) {
        throw new ToolError(`${at}: kernel/stride must be positive and pads non-negative integers`);
      }
      if (c !== layer.inChannels) throw new ToolError(`${at} expects ${layer.inChannels} input channels, got ${c}`);
      if (!isPositiveInt(layer.outChannels)) throw new ToolError(`${at}: bad output channel count ${layer.outChannels}`);
      paramWithShape(params, layer.weight, [layer.outChannels, c, kh, kw], at);
      if (layer.bias !== null) paramWithShape(params, layer.bias, [layer.outChannels], at);
      const oh = windowOutputSize(h, kh, sh, pt, pb, false);
      const ow = windowOutputSize(w, kw, sw, pl, pr, false);
      if (oh < 1 || ow < 1) throw new ToolError(`${at}: kernel ${kh}x${kw} does not fit input ${formatShape(input)}`);
      return [layer.outChannels, oh, ow];
    }
    case 'maxpool2d': {
      if (input.length !== 3) throw new ToolError(`${at} needs a [C,H,W] input, got ${formatShape(input)}`);
      const [c, h, w] = input as [number, number, number];
      const [kh, kw] = layer.kernel;
      const [sh, sw] = layer.stride;
      const [pt, pl, pb, pr] = layer.pads;
      if (![kh, kw, sh, sw].every(isPositiveInt) || !layer.pads.every(isNonNegativeInt)) {
        throw new ToolError(`${at}: kernel/stride must be positive and pads non-negative integers`);
      }
      // Runtimes reject a pooling pad as large as the kernel: such a window could see only padding.
      if (pt >= kh || pb >= kh || pl >= kw || pr >= kw) throw new ToolError(`${at}: pads must be smaller than the kernel`);
      const oh = windowOutputSize(h, kh, sh, pt, pb, layer.ceilMode);
      const ow = windowOutputSize(w, kw, sw, pl, pr, layer.ceilMode);
      if (oh < 1 || ow < 1) throw new ToolError(`${at}: kernel ${kh}x${kw} does not fit input ${formatShape(input)}`);
      return [c, oh, ow];
    }
    case 'linear': {
      if (input.length !== 1) throw new ToolError(`${at} needs a flat [features] input, got ${formatShape(input)} (flatten first)`);
      if (input[0] !== layer.inFeatures) throw new ToolError(`${at} expects ${layer.inFeatures} features, got ${input[0]}`);
      if (!isPositiveInt(layer.outFeatures)) throw new ToolError(`${at}: bad output feature count ${layer.outFeatures}`);
      paramWithShape(params, layer.weight, [layer.outFeatures, layer.inFeatures], at);
      if (layer.bias !== null) paramWithShape(params, layer.bias, [layer.outFeatures], at);
      return [layer.outFeatures];
    }
    case 'flatten':
      return [elementCount(input)];
    case 'sigmoid':
    case 'relu':
      return input;
    case 'softmax':
      if (input.length !== 1) throw new ToolError(`${at} applies to flat [classes] scores, got ${formatShape(input)}`);
      return input;
    default:
      throw new ToolError(`${where}: unknown layer kind "${(layer as { kind: string }).kind}"`);
  }
}

/**
 * Validate `spec` end to end and return every layer's output shape. Refuses duplicate
 * layer names, parameters no layer uses (they would be silently dropped on export) and
 * chains that do not end in a flat [classes] vector.
 */
export function inferChainShapes(spec: ModelSpec, where = 'model'): ChainShapes {
  const input = [...spec.inputShape];
  if (input.length !== 3 || !input.every(isPositiveInt)) {
    throw new ToolError(`${where}: input shape must be [C,H,W] of positive integers, got ${formatShape(input)}`);
  }
  if (spec.layers.length === 0) throw new ToolError(`${where}: the model has no layers`);
  const names = new Set<string>();
  const used = new Set<string>();
  const outputs: SampleShape[] = [];
  let shape: SampleShape = input;
  for (const layer of spec.layers) {
    if (!layer.name || names.has(layer.name)) throw new ToolError(`${where}: layer name "${layer.name}" is empty or repeated`);
    names.add(layer.name);
    shape = layerOutputShape(layer, shape, spec.params, where);
    outputs.push(shape);
    if (layer.kind === 'conv2d' || layer.kind === 'linear') {
      for (const p of [layer.weight, layer.bias]) {
        if (p === null) continue;
        if (used.has(p)) throw new ToolError(`${where}: parameter "${p}" is shared by two layers`);
        used.add(p);
      }
    }
  }
  const unused = Object.keys(spec.params).filter((p) => !used.has(p));
  if (unused.length) throw new ToolError(`${where}: parameter(s) ${unused.join(', ')} not used by any layer`);
  if (shape.length !== 1 || shape[0]! < 2) {
    throw new ToolError(`${where}: the chain ends in ${formatShape(shape)}; a classifier must end in [classes] (at least 2)`);
  }
  return { input, outputs, classes: shape[0]! };
}
