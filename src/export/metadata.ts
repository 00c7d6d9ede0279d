/**
 * What an exported model says about itself (ONNX metadata_props): class labels,
 * preprocessing, the ONNX-standard image keys, training summary and license.
 *
 * Values come from ModelSpec.metadata (same keys), then the writer's overrides, with
 * defaults filling the gaps. Entries are sorted by key so files are byte-reproducible.
 */
import { CIFAR10_CLASSES, type ModelSpec } from '../graph/model-spec.js';
import { ToolError } from '../util/errors.js';

export const METADATA_KEYS = {
  /** JSON array of class names in label order. */
  classLabels: 'class_labels',
  /** JSON object describing how to turn an image into the `input` tensor. */
  preprocessing: 'preprocessing',
  /** JSON object: data, epochs, test accuracy, … (written by the trainer). */
  training: 'training',
  license: 'license',
  // ONNX's standard image metadata (docs/MetadataProps.md).
  pixelFormat: 'Image.BitmapPixelFormat',
  colorSpaceGamma: 'Image.ColorSpaceGamma',
  nominalPixelRange: 'Image.NominalPixelRange',
} as const;

export const DEFAULT_LICENSE = 'MIT';

/** The training summary the trainer should store under `training` (JSON). */
export interface TrainingSummary {
  data: string;
  epochs: number;
  testAccuracy: number;
  [detail: string]: unknown;
}

/** How our pipeline turns an image into the input tensor (matches torchvision's ToTensor, no normalisation). */
export function defaultPreprocessing(inputShape: readonly number[]): string {
  const [channels, height, width] = inputShape;
  return JSON.stringify({
    input: 'input',
    color: channels === 3 ? 'RGB' : `${channels} channels`,
    layout: 'NCHW',
    dtype: 'float32',
    resize: { width, height, filter: 'bilinear', antialias: true, compatibleWith: 'Pillow Image.resize(BILINEAR)' },
    scale: 'x/255',
    mean: null,
    std: null,
  });
}

/** Class labels from metadata, or null when absent; refuses labels that do not fit `classes`. */
export function parseClassLabels(metadata: Record<string, string>, classes: number, where: string): string[] | null {
  const raw = metadata[METADATA_KEYS.classLabels];
  if (raw === undefined) return null;
  let labels: unknown;
  try {
    labels = JSON.parse(raw);
  } catch {
    throw new ToolError(`${where}: metadata "${METADATA_KEYS.classLabels}" is not JSON`);
  }
  if (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string')) {
    throw new ToolError(`${where}: metadata "${METADATA_KEYS.classLabels}" must be a JSON array of strings`);
  }
  if (labels.length !== classes) {
    throw new ToolError(`${where}: metadata lists ${labels.length} class labels but the model has ${classes} classes`);
  }
  return labels;
}

function defaultLabels(classes: number): string[] {
  return classes === CIFAR10_CLASSES.length ? [...CIFAR10_CLASSES] : Array.from({ length: classes }, (_, i) => `class_${i}`);
}

/** The metadata_props entries for `spec`, unique keys, sorted. */
export function buildMetadataEntries(
  spec: ModelSpec,
  classes: number,
  overrides: Record<string, string> = {},
  where = 'model',
): { key: string; value: string }[] {
  const merged: Record<string, string> = {
    [METADATA_KEYS.preprocessing]: defaultPreprocessing(spec.inputShape),
    [METADATA_KEYS.pixelFormat]: 'Rgb8',
    [METADATA_KEYS.colorSpaceGamma]: 'SRGB',
    [METADATA_KEYS.nominalPixelRange]: 'NominalRange_0_255',
    [METADATA_KEYS.license]: DEFAULT_LICENSE,
    ...spec.metadata,
    ...overrides,
  };
  for (const [key, value] of Object.entries(merged)) {
    if (key === '' || typeof value !== 'string') throw new ToolError(`${where}: metadata "${key}" must be a non-empty key with a string value`);
  }
  const labels = parseClassLabels(merged, classes, where) ?? defaultLabels(classes);
  merged[METADATA_KEYS.classLabels] = JSON.stringify(labels);
  return Object.keys(merged)
    .sort()
    .map((key) => ({ key, value: merged[key]! }));
}
