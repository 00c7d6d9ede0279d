/**
 * The same LeNet5 (sigmoid, 3→6→16→120 convs, 120→84→10 dense) trained by
 * TensorFlow.js on its `webgl` backend, for the speed comparison. NHWC, since
 * that is the layout TF.js's WebGL kernels are built for.
 */
import * as tf from '@tensorflow/tfjs';
import type { RandomBatch } from './lenet-train-step.js';

export class TfjsLenetTrainer {
  private readonly model: tf.Sequential;
  private readonly optimizer = tf.train.momentum(0.05, 0.9, true);

  constructor() {
    this.model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [32, 32, 3], filters: 6, kernelSize: 5, activation: 'sigmoid' }),
        tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
        tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'sigmoid' }),
        tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
        tf.layers.conv2d({ filters: 120, kernelSize: 5 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 84, activation: 'sigmoid' }),
        tf.layers.dense({ units: 10 }),
      ],
    });
  }

  /** One step; returns the loss tensor (caller reads and disposes it). */
  step(batch: RandomBatch): tf.Scalar {
    const n = batch.labels.length;
    return tf.tidy(() => {
      const x = tf.tensor4d(batch.images, [n, 32, 32, 3]);
      const y = tf.oneHot(tf.tensor1d(batch.labels, 'int32'), 10);
      return this.optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, this.model.apply(x) as tf.Tensor), true)!;
    });
  }

  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
  }
}

export async function useTfjsWebgl(): Promise<void> {
  if (!(await tf.setBackend('webgl'))) throw new Error('TF.js webgl backend is not available');
  await tf.ready();
}
