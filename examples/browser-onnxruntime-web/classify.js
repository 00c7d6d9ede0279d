// Classify a picked picture with lenet.onnx on onnxruntime-web (WebAssembly), in the page.
import * as ort from 'onnxruntime-web';
import { resizeBilinear, toTensor, topClasses } from './lenet.js';

const picker = document.querySelector('#picture');
const status = document.querySelector('#status');
const answer = document.querySelector('#answer');
const seen = document.querySelector('#seen');

// ORT loads its .wasm files from here: this site, never a CDN.
ort.env.wasm.wasmPaths = new URL('./node_modules/onnxruntime-web/dist/', import.meta.url).href;

/**
 * A picked file → interleaved 8-bit RGB as Pillow decodes it: no colour management,
 * alpha dropped. EXIF orientation is applied (createImageBitmap's default), so photos
 * are upright, as in the Node example.
 */
async function decode(file) {
  const bitmap = await createImageBitmap(file, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const { width, height } = bitmap;
  const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = context.getImageData(0, 0, width, height).data;
  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) rgb.set(rgba.subarray(p * 4, p * 4 + 3), p * 3);
  return { rgb, width, height };
}

/** Shows the 32×32 picture the model is given. */
function show(rgb32) {
  const pixels = new ImageData(32, 32);
  for (let p = 0; p < 32 * 32; p++) pixels.data.set([...rgb32.subarray(p * 3, p * 3 + 3), 255], p * 4);
  seen.getContext('2d').putImageData(pixels, 0, 0);
}

async function classify(file) {
  const { rgb, width, height } = await decode(file);
  const rgb32 = resizeBilinear(rgb, width, height, 32, 32);
  show(rgb32);
  const input = new ort.Tensor('float32', toTensor(rgb32), [1, 3, 32, 32]);
  const { logits } = await session.run({ input });
  answer.replaceChildren(
    ...topClasses(logits.data).map(({ label, probability }) => {
      const item = document.createElement('li');
      item.textContent = `${label} ${(probability * 100).toFixed(1)}%`;
      return item;
    }),
  );
}

let session;
try {
  session = await ort.InferenceSession.create('lenet.onnx', { executionProviders: ['wasm'] });
} catch (error) {
  status.textContent = `cannot load lenet.onnx: ${error.message}`;
  throw error;
}
status.textContent = 'ready: pick a picture';
picker.disabled = false;
picker.addEventListener('change', async () => {
  const [file] = picker.files;
  if (!file) return;
  status.textContent = `classifying ${file.name}…`;
  try {
    await classify(file);
    status.textContent = file.name;
  } catch (error) {
    status.textContent = `cannot classify ${file.name}: ${error.message}`;
  }
});
