// Classify an image with lenet.onnx in Node, using onnxruntime-node and the model file
// only. Usage: node classify.js <image> [model.onnx]   (the model defaults to ./lenet.onnx)
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { toModelInput, topClasses } from './lenet.js';

const [imagePath, modelPath = 'lenet.onnx'] = process.argv.slice(2);
if (!imagePath) {
  console.error('usage: node classify.js <image> [model.onnx]');
  process.exit(2);
}

// Decode to 8-bit RGB the way Pillow's Image.open(f).convert('RGB') does: embedded ICC
// profile not applied, alpha dropped. EXIF orientation is applied, so photos are upright.
const { data, info } = await sharp(imagePath, { ignoreIcc: true, autoOrient: true })
  .toColourspace('srgb')
  .removeAlpha()
  .raw()
  .toBuffer({ resolveWithObject: true });

const session = await ort.InferenceSession.create(modelPath);
const input = new ort.Tensor('float32', toModelInput(data, info.width, info.height), [1, 3, 32, 32]);
const { logits } = await session.run({ input });

for (const { label, probability } of topClasses(logits.data)) {
  console.log(`${label.padEnd(12)}${(probability * 100).toFixed(1).padStart(5)}%`);
}
