/**
 * Mean softmax cross-entropy. The loss uses log-sum-exp with the row maximum
 * factored out (lse = m + log Σ exp(x - m)), so it stays finite for any logits;
 * the probabilities come from the softmax kernel and are kept for the backward pass.
 * Labels are class indices stored as floats (exact up to 2^24).
 */
import type { Storage } from '../../../backend.js';
import { runOne, type KernelContext } from '../kernel-context.js';
import type { GpuProgram } from '../program.js';
import { rowStatistics, softmaxProgram } from './softmax.js';

export function crossEntropyLossProgram(batch: number, classes: number): GpuProgram {
  return {
    key: `crossEntropyLoss|${batch},${classes}`,
    inputs: ['logits', 'labels'],
    outputSize: 1,
    helpers: rowStatistics('logits', classes),
    main: `
  float total = 0.0;
  for (int row = 0; row < ${batch}; row++) {
    float m = rowMax(row);
    float lse = m + log(rowSumExp(row, m));
    int label = int(labels_at(row) + 0.5);
    total += lse - logits_at(row * ${classes} + label);
  }
  result = total / ${batch}.0;`,
  };
}

export function softmaxCrossEntropy(
  ctx: KernelContext,
  logits: Storage,
  labels: Storage,
  batch: number,
  classes: number,
): { loss: Storage; probs: Storage } {
  const probs = runOne(ctx, softmaxProgram(batch, classes), [logits]);
  const loss = runOne(ctx, crossEntropyLossProgram(batch, classes), [logits, labels]);
  return { loss, probs };
}
