// The model's input and output contract in plain JavaScript (no dependencies, runs in
// Node and in browsers). models/lenet.onnx takes `input`, float32 [batch, 3, 32, 32]:
// RGB resized to 32x32 as Pillow's BILINEAR does (torchvision's Resize((32, 32)) on a
// PIL image), then x / 255, planes in NCHW order, no mean/std (folded into the model).
// It returns `logits`, float32 [batch, 10], in the order of CLASSES (also stored in
// the model's metadata as `class_labels`).

export const CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

/** Interleaved 8-bit RGB of any size → the model's input for one image (3*32*32 floats). */
export function toModelInput(rgb, width, height) {
  return toTensor(resizeBilinear(rgb, width, height, 32, 32));
}

/** A 32x32 interleaved RGB image → planar (CHW) float32, each byte divided by 255. */
export function toTensor(rgb32) {
  const input = new Float32Array(3 * 32 * 32);
  for (let p = 0; p < 32 * 32; p++) {
    for (let c = 0; c < 3; c++) input[c * 32 * 32 + p] = rgb32[p * 3 + c] / 255;
  }
  return input;
}

/** The `k` most probable classes for one row of logits: [{ label, probability }]. */
export function topClasses(logits, k = 3) {
  const max = Math.max(...logits);
  const exps = Array.from(logits, (v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps
    .map((e, i) => ({ label: CLASSES[i], probability: e / sum }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, k);
}

// Pillow's Image.resize(size, BILINEAR) on 8-bit RGB, byte for byte. A triangle filter
// that widens when shrinking (that is the antialiasing), weights in 22-bit fixed point,
// the horizontal pass first and each pass rounded back to bytes. An axis whose size
// does not change is left alone, so a 32x32 image comes back as it was.
const PRECISION_BITS = 22;

export function resizeBilinear(rgb, width, height, outWidth, outHeight) {
  let image = rgb;
  if (outWidth !== width) image = resizeRows(image, width, height, outWidth);
  if (outHeight !== height) {
    // The vertical pass is the horizontal one on the transposed image.
    image = transpose(resizeRows(transpose(image, outWidth, height), height, outWidth, outHeight), outHeight, outWidth);
  }
  return image === rgb ? rgb.slice() : image;
}

function resizeRows(src, width, rows, outWidth) {
  const taps = filterTaps(width, outWidth);
  const out = new Uint8Array(outWidth * rows * 3);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < outWidth; x++) {
      const { first, weights } = taps[x];
      for (let c = 0; c < 3; c++) {
        let sum = 2 ** (PRECISION_BITS - 1); // rounds the final shift to nearest
        for (let k = 0; k < weights.length; k++) sum += weights[k] * src[(y * width + first + k) * 3 + c];
        out[(y * outWidth + x) * 3 + c] = Math.min(255, Math.max(0, Math.floor(sum / 2 ** PRECISION_BITS)));
      }
    }
  }
  return out;
}

/** For each output pixel: the first source pixel it reads and the integer weights. */
function filterTaps(inSize, outSize) {
  const scale = inSize / outSize;
  const support = Math.max(scale, 1); // the triangle's support, 1, widened when shrinking
  const taps = [];
  for (let i = 0; i < outSize; i++) {
    const center = (i + 0.5) * scale;
    const first = Math.max(0, Math.trunc(center - support + 0.5));
    const end = Math.min(inSize, Math.trunc(center + support + 0.5));
    const real = [];
    for (let x = first; x < end; x++) real.push(Math.max(0, 1 - Math.abs((x - center + 0.5) / support)));
    const total = real.reduce((a, b) => a + b, 0);
    const weights = real.map((w) => Math.trunc((total === 0 ? w : w / total) * 2 ** PRECISION_BITS + 0.5));
    taps.push({ first, weights });
  }
  return taps;
}

function transpose(src, width, height) {
  const out = new Uint8Array(src.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) out.set(src.subarray((y * width + x) * 3, (y * width + x) * 3 + 3), (x * height + y) * 3);
  }
  return out;
}
