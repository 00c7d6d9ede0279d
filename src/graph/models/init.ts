/**
 * PyTorch's default initialisation for Conv2d and Linear: weights kaiming_uniform with
 * a = √5 and biases uniform(±1/√fan_in). With a = √5 the kaiming bound
 * gain·√(3/fan_in), gain = √(2/(1+a²)), simplifies to 1/√fan_in as well.
 */
import type { LayerSpec, ParamData } from '../model-spec.js';
import { Random } from '../random.js';

export function initParams(layers: readonly LayerSpec[], seed: number): Record<string, ParamData> {
  const rng = new Random(seed);
  const params: Record<string, ParamData> = {};
  const uniform = (shape: number[], bound: number): ParamData => {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = rng.uniform(-bound, bound);
    return { shape, data };
  };
  for (const l of layers) {
    if (l.kind === 'conv2d') {
      const fanIn = l.inChannels * l.kernel[0] * l.kernel[1];
      params[l.weight] = uniform([l.outChannels, l.inChannels, ...l.kernel], 1 / Math.sqrt(fanIn));
      if (l.bias) params[l.bias] = uniform([l.outChannels], 1 / Math.sqrt(fanIn));
    } else if (l.kind === 'linear') {
      params[l.weight] = uniform([l.outFeatures, l.inFeatures], 1 / Math.sqrt(l.inFeatures));
      if (l.bias) params[l.bias] = uniform([l.outFeatures], 1 / Math.sqrt(l.inFeatures));
    }
  }
  return params;
}

