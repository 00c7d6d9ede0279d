/** The seed's LeNet5 (sigmoid) and its ReLU variant, freshly initialised. */
import { archLayers, type Arch, type ModelSpec } from '../model-spec.js';
import { initParams } from './init.js';

export function createLenetSpec(arch: Arch = 'lenet5', seed = 0, classes = 10): ModelSpec {
  const layers = archLayers(arch, classes);
  return { inputShape: [3, 32, 32], layers, params: initParams(layers, seed), metadata: { arch } };
}
