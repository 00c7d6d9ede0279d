/**
 * The page's trained weights as an ONNX file, with the metadata train-and-export writes
 * (architecture, class labels, a training summary), so `predict` and `inspect-onnx`
 * read it like any model of ours. Input normalisation used in training is folded into
 * the first conv, so the file takes plain ToTensor input like every model here.
 */
import { writeOnnx } from '../../../src/export/onnx-writer.js';
import { foldInputNormalization } from '../../../src/graph/fold-normalization.js';
import type { ModelSpec } from '../../../src/graph/model-spec.js';
import type { TrainConfig } from '../../../src/train/config.js';
import type { EpochMetrics } from '../../../src/train/trainer.js';

export function trainedOnnx(spec: ModelSpec, config: TrainConfig, classNames: string[], source: string, history: EpochMetrics[]): Uint8Array {
  const last = history.at(-1);
  const training = {
    data: source,
    epochs: last?.epoch ?? 0,
    testAccuracy: last?.test.accuracy ?? null,
    perClassAccuracy: last?.test.perClassAccuracy ?? null,
    recipe: config,
    trainedIn: 'the web page (web/)',
    normalizationFoldedIntoFirstConv: config.normalization !== null,
  };
  const n = config.normalization;
  const folded = n ? foldInputNormalization(spec, n.mean, n.std) : spec;
  return writeOnnx({ ...folded, metadata: { ...folded.metadata, arch: config.arch, class_labels: JSON.stringify(classNames), training: JSON.stringify(training) } });
}

/** Offers `bytes` as a file download. */
export function download(bytes: Uint8Array, fileName: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
