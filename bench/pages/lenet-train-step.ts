/**
 * One LeNet5 SGD training step on any backend, as the trainer runs it: upload the
 * batch, forward, cross-entropy, backward, optimizer update, drop the gradients.
 * The loss stays on the device; callers read it back when they choose.
 */
import type { Backend } from '../../src/graph/backend.js';
import { backward } from '../../src/graph/autograd.js';
import { buildModel, type Model } from '../../src/graph/models/build.js';
import { createLenetSpec } from '../../src/graph/models/lenet.js';
import { softmaxCrossEntropy } from '../../src/graph/ops/index.js';
import { Random } from '../../src/graph/random.js';
import { keep, tidy } from '../../src/graph/scope.js';
import { tensorFrom, type Tensor } from '../../src/graph/tensor.js';
import { Sgd } from '../../src/train/optim/index.js';

export interface RandomBatch {
  images: Float32Array;
  labels: Float32Array;
}

/** Images in [0,1) (as ToTensor produces) and labels 0..9, from a seed. */
export function randomBatch(batch: number, seed: number): RandomBatch {
  const rng = new Random(seed);
  const images = Float32Array.from({ length: batch * 3 * 32 * 32 }, () => rng.next());
  const labels = Float32Array.from({ length: batch }, () => rng.int(10));
  return { images, labels };
}

export class LenetTrainer {
  readonly model: Model;
  private readonly optimizer: Sgd;

  constructor(readonly backend: Backend, seed = 0) {
    this.model = buildModel(createLenetSpec('lenet5', seed), backend);
    this.optimizer = new Sgd(this.model.params, { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 5e-4 });
  }

  /** Runs one step and returns the (device-resident) loss, owned by the caller. */
  step(batch: RandomBatch): Tensor {
    const n = batch.labels.length;
    const loss = tidy(() => {
      const x = tensorFrom(this.backend, [n, 3, 32, 32], batch.images);
      const labels = tensorFrom(this.backend, [n], batch.labels);
      const l = softmaxCrossEntropy(this.model.forward(x), labels);
      backward(l);
      return keep(l);
    });
    this.optimizer.step();
    this.optimizer.zeroGrad();
    return loss;
  }

  dispose(): void {
    this.optimizer.dispose();
    this.model.dispose();
  }
}
