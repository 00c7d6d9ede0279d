// Classify images with lenet-portable's own engine, through its library API:
// its ONNX importer, its preprocessing and its CPU backend (WebAssembly kernels).
// Usage: node build/classify.js <image>... [--model model.onnx]
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  CIFAR10_CLASSES, buildModel, createCpuBackend, loadOnnx, noGrad, preprocessImage, softmax, tensorFrom,
} from 'lenet-portable';

const { positionals: images, values } = parseArgs({ allowPositionals: true, options: { model: { type: 'string' } } });
// The released model ships inside the package.
const modelPath = values.model ?? fileURLToPath(import.meta.resolve('lenet-portable/models/lenet.onnx'));

const spec = loadOnnx(modelPath); // our ONNX importer: layers, weights and metadata
const labels: string[] = spec.metadata.class_labels ? JSON.parse(spec.metadata.class_labels) : [...CIFAR10_CLASSES];

const backend = createCpuBackend();
const model = buildModel(spec, backend);

for (const image of images) {
  // Decode, resize to 32x32 as Pillow's BILINEAR, x/255, CHW: the model's input contract.
  const { tensor } = await preprocessImage(image);
  const probabilities = await noGrad(() => softmax(model.forward(tensorFrom(backend, [1, 3, 32, 32], tensor)))).data();
  const best = probabilities.indexOf(Math.max(...probabilities));
  console.log(`${image}: ${labels[best]} ${(probabilities[best]! * 100).toFixed(1)}%`);
}
