/**
 * Cross-entropy gradient w.r.t. the logits: dloss · (probs - onehot(label)) / batch.
 * dloss stays on the GPU (a 1-element buffer) so backward never waits on a read-back.
 */
import type { Storage } from '../../../backend.js';
import { runOne, type KernelContext } from '../kernel-context.js';
import type { GpuProgram } from '../program.js';

export function softmaxCrossEntropyBackwardProgram(batch: number, classes: number): GpuProgram {
  return {
    key: `softmaxCrossEntropyBackward|${batch},${classes}`,
    inputs: ['probs', 'labels', 'dloss'],
    outputSize: batch * classes,
    main: `
  int row = index / ${classes};
  int label = int(labels_at(row) + 0.5);
  float onehot = index - row * ${classes} == label ? 1.0 : 0.0;
  result = dloss_at(0) * (probs_at(index) - onehot) / ${batch}.0;`,
  };
}

export function softmaxCrossEntropyBackward(
  ctx: KernelContext,
  probs: Storage,
  labels: Storage,
  dloss: Storage,
  batch: number,
  classes: number,
): Storage {
  return runOne(ctx, softmaxCrossEntropyBackwardProgram(batch, classes), [probs, labels, dloss]);
}
