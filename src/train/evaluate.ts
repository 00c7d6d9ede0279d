/** Test-set evaluation: loss, top-1 accuracy, per-class accuracy and the confusion matrix. */
import { noGrad } from '../graph/autograd.js';
import type { Model } from '../graph/models/build.js';
import { softmaxCrossEntropy } from '../graph/ops/index.js';
import { tidy } from '../graph/scope.js';
import { tensorFrom } from '../graph/tensor.js';
import { BatchAssembler, epochOrder, stepsPerEpoch, type Normalization } from './batches.js';
import type { ImageSplit } from './data/dataset.js';
import { argmax } from '../util/argmax.js';

export interface Evaluation {
  loss: number;
  accuracy: number;
  perClassAccuracy: number[];
  /** confusion[actual][predicted] counts. */
  confusion: number[][];
  count: number;
}

export async function evaluate(
  model: Model,
  split: ImageSplit,
  classes: number,
  normalization: Normalization | null,
  batchSize = 500,
): Promise<Evaluation> {
  const options = { batchSize, seed: 0, shuffle: false, augment: false, normalization, dropLast: false };
  const assembler = new BatchAssembler(options);
  const order = epochOrder(split.count, 0, 0, false);
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let lossSum = 0;
  const be = model.backend;
  for (let step = 0; step < stepsPerEpoch(split.count, options); step++) {
    const n = assembler.fill(split, order, 0, step);
    const { logits, loss } = noGrad(() =>
      tidy(() => {
        const x = tensorFrom(be, [n, 3, 32, 32], assembler.input.subarray(0, n * 3 * 32 * 32));
        const out = model.forward(x);
        const l = softmaxCrossEntropy(out, tensorFrom(be, [n], assembler.labels.subarray(0, n)));
        return { logits: out, loss: l };
      }),
    );
    const [values, lossValue] = await Promise.all([logits.data(), loss.data()]);
    logits.dispose();
    loss.dispose();
    lossSum += lossValue[0]! * n;
    for (let i = 0; i < n; i++) confusion[assembler.labels[i]!]![argmax(values, i * classes, classes)]!++;
  }
  const correct = confusion.reduce((s, row, i) => s + row[i]!, 0);
  return {
    loss: lossSum / split.count,
    accuracy: correct / split.count,
    perClassAccuracy: confusion.map((row, i) => row[i]! / Math.max(1, row.reduce((a, b) => a + b, 0))),
    confusion,
    count: split.count,
  };
}
