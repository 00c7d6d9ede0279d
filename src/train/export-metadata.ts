/**
 * A trained model as it is exported: input normalisation folded into the first conv (so
 * the file takes plain ToTensor input), plus the metadata every model of ours carries —
 * architecture, class labels and a training summary. Shared by train-and-export and the
 * web page; browser-safe.
 */
import { foldInputNormalization } from '../graph/fold-normalization.js';
import type { ModelSpec } from '../graph/model-spec.js';
import type { TrainConfig } from './config.js';
import type { EpochMetrics } from './trainer.js';

export function trainedModelSpec(
  spec: ModelSpec,
  c: TrainConfig,
  classNames: string[],
  source: string,
  history: readonly EpochMetrics[],
  extra: Record<string, unknown> = {},
): ModelSpec {
  const last = history[history.length - 1];
  const folded = c.normalization ? foldInputNormalization(spec, c.normalization.mean, c.normalization.std) : spec;
  const summary = {
    // What the data was, not where this machine keeps it or whether a cache was hit.
    data: source.replace(/ \((cache hit|decoded[^)]*)\)$/, '').replace(/\S*\/([^/\s]+)/g, '$1'),
    epochs: last?.epoch ?? 0,
    testAccuracy: last?.test.accuracy ?? null,
    perClassAccuracy: last?.test.perClassAccuracy ?? null,
    recipe: c,
    ...extra,
    normalizationFoldedIntoFirstConv: c.normalization !== null,
  };
  return {
    ...folded,
    metadata: { ...folded.metadata, arch: c.arch, class_labels: JSON.stringify(classNames), training: JSON.stringify(summary) },
  };
}
