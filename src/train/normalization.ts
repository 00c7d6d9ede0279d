/** Per-channel statistics of the CIFAR-10 training set (the values torchvision users quote). */
import type { Normalization } from './batches.js';

export const CIFAR10_NORMALIZATION: Normalization = {
  mean: [0.4914, 0.4822, 0.4465],
  std: [0.247, 0.2435, 0.2616],
};
