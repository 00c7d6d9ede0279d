/**
 * A learnable synthetic dataset: each class has its own base colour and stripe
 * direction, plus noise, so a small net separates the classes within a few epochs.
 */
import { IMAGE_BYTES } from '../../src/image/input-size.js';
import { Random } from '../../src/graph/random.js';
import type { Dataset, ImageSplit } from '../../src/train/data/dataset.js';

function split(count: number, classes: number, rng: Random): ImageSplit {
  const images = new Uint8Array(count * IMAGE_BYTES);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % classes;
    labels[i] = label;
    for (let c = 0; c < 3; c++)
      for (let y = 0; y < 32; y++)
        for (let x = 0; x < 32; x++) {
          const base = ((label * 37 + c * 91) % 200) + 20;
          const stripe = ((label % 2 ? x : y) >> (1 + (label % 3))) % 2 ? 30 : -30;
          const v = base + stripe + rng.int(41) - 20;
          images[i * IMAGE_BYTES + (c * 32 + y) * 32 + x] = Math.max(0, Math.min(255, v));
        }
  }
  return { images, labels, count };
}

export function syntheticDataset(trainCount: number, testCount: number, classes = 10, seed = 3): Dataset {
  const rng = new Random(seed);
  return {
    classNames: Array.from({ length: classes }, (_, i) => `class${i}`),
    train: split(trainCount, classes, rng),
    test: split(testCount, classes, rng),
    source: 'synthetic',
  };
}
