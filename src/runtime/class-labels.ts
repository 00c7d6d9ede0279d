/** Class names for a model's outputs: its metadata's `class_labels`, else CIFAR-10's, else class_<i>. */
import { parseClassLabels } from '../export/metadata.js';
import { CIFAR10_CLASSES } from '../graph/model-spec.js';

/** Throws a ToolError when the metadata's labels are malformed or do not fit `classes`. */
export function classLabels(metadata: Record<string, string>, classes: number, source: string): string[] {
  const fromModel = parseClassLabels(metadata, classes, source);
  if (fromModel) return fromModel;
  if (classes === CIFAR10_CLASSES.length) return [...CIFAR10_CLASSES];
  return Array.from({ length: classes }, (_, i) => `class_${i}`);
}
