// The cold-start bench's peer of `predict model.onnx photo.jpg`: onnxruntime-node + sharp, top class of one photo.
import ort from 'onnxruntime-node';
import sharp from 'sharp';
const [model, photo] = process.argv.slice(2);
const rgb = await sharp(photo).toColourspace('srgb').removeAlpha().resize(32, 32, { fit: 'fill' }).raw().toBuffer();
const x = new Float32Array(3 * 1024).map((_, i) => rgb[(i % 1024) * 3 + Math.floor(i / 1024)] / 255);
const session = await ort.InferenceSession.create(model);
const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', x, [1, 3, 32, 32]) });
const logits = Array.from(out[session.outputNames[0]].data);
console.log(`${photo}: class ${logits.indexOf(Math.max(...logits))}`);
