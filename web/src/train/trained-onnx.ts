/**
 * The page's trained weights as an ONNX file, with the metadata train-and-export writes
 * (architecture, class labels, a training summary), so `predict` and `inspect-onnx`
 * read it like any model of ours. Input normalisation used in training is folded into
 * the first conv, so the file takes plain ToTensor input like every model here.
 */
import { writeOnnx } from '../../../src/export/onnx-writer.js';
import { trainedModelSpec } from '../../../src/train/export-metadata.js';
import type { ModelSpec } from '../../../src/graph/model-spec.js';
import type { TrainConfig } from '../../../src/train/config.js';
import type { EpochMetrics } from '../../../src/train/trainer.js';

export function trainedOnnx(spec: ModelSpec, config: TrainConfig, classNames: string[], source: string, history: EpochMetrics[]): Uint8Array {
  return writeOnnx(trainedModelSpec(spec, config, classNames, source, history, { trainedIn: 'the web page (web/)' }));
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
