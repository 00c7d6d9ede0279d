/**
 * TensorFlow.js's pure-JS CPU backend training the same LeNet5 (batch 64) — the JS
 * peer to beat. It manages a few images per second, so a short run is enough.
 */
import * as tf from '@tensorflow/tfjs';
import { median, timeRuns } from './stats.js';

export async function benchTfjsCpuTrain(batch = 64, runs = 2): Promise<number> {
  await tf.setBackend('cpu');
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [32, 32, 3], filters: 6, kernelSize: 5, activation: 'sigmoid' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'sigmoid' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 120, kernelSize: 5 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 84, activation: 'sigmoid' }),
      tf.layers.dense({ units: 10 }),
    ],
  });
  const optimizer = tf.train.momentum(0.01, 0.9);
  const x = tf.randomUniform([batch, 32, 32, 3]);
  const y = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32'), 10);
  const step = () =>
    tf.tidy(() => {
      optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar);
    });
  const seconds = await timeRuns(step, runs, 1);
  x.dispose();
  y.dispose();
  model.dispose();
  return batch / median(seconds);
}
