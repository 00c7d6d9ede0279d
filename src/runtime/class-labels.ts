/** Class names for a model's outputs: its metadata's `class_labels`, else CIFAR-10's for our own models, else class_<i>. */
import { parseClassLabels } from '../export/metadata.js';
import { CIFAR10_CLASSES } from '../graph/model-spec.js';
import { isLenetInterface, type ModelIO } from './model-io.js';

/** Throws a ToolError when the metadata's labels are malformed or do not fit `classes`. */
export function classLabels(metadata: Record<string, string>, classes: number, source: string): string[] {
  const fromModel = parseClassLabels(metadata, classes, source);
  if (fromModel) return fromModel;
  if (classes === CIFAR10_CLASSES.length) return [...CIFAR10_CLASSES];
  return Array.from({ length: classes }, (_, i) => `class_${i}`);
}

/**
 * Labels for a classifier output of `classes` classes: the metadata's, CIFAR-10's for a
 * 10-class model with our [N,3,32,32] interface, else class_<i> — another model's ten
 * classes are not airplanes and trucks.
 */
export function labelsFor(io: ModelIO, classes: number, source: string): string[] {
  if (isLenetInterface(io)) return classLabels(io.metadata, classes, source);
  return parseClassLabels(io.metadata, classes, source) ?? Array.from({ length: classes }, (_, i) => `class_${i}`);
}
