/**
 * Decoded RGB → the input tensor of any image model, the way torchvision does it on a
 * PIL image, step by step:
 *   Resize(resize)        shorter side to `resize` (Pillow BILINEAR, antialiased, exact),
 *                         or straight to the model's H×W when `resize` is null;
 *   CenterCrop(crop)      torchvision's offsets (Python's round, half to even);
 *   Grayscale()           Pillow's convert('L') when the model takes one channel;
 *   ToTensor()            byte / 255 in float32 (or another scale), RGB or BGR;
 *   Normalize(mean, std)  (x − mean) / std, in float32 as torch computes it;
 * laid out NCHW or NHWC. Pure (no Node, no sharp), so a page can run it too.
 */
import { resizeBilinearPillow } from './pillow-resize.js';
import type { RgbImage } from './rgb-image.js';

export interface ImageRecipe {
  /** The model's input size. */
  width: number;
  height: number;
  channels: 1 | 3;
  layout: 'NCHW' | 'NHWC';
  /** Shorter side before the center crop (torchvision's Resize(256)), or null to resize straight to width×height. */
  resize: number | null;
  /** Each byte divided (ToTensor: divide by 255, as torch does, exactly) or multiplied. */
  scale: { divide: number } | { multiply: number };
  /** Per channel (one value applies to all), or null for none. */
  mean: readonly number[] | null;
  std: readonly number[] | null;
  /** Channels in B, G, R order (OpenCV-trained models). */
  bgr: boolean;
}

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** torchvision's Resize(size) for one int: the shorter side becomes `size`, the longer keeps the aspect (truncated). */
export function shorterSideTo(width: number, height: number, size: number): { width: number; height: number } {
  if (width <= height) return { width: size, height: Math.trunc((size * height) / width) };
  return { width: Math.trunc((size * width) / height), height: size };
}

/** torchvision's CenterCrop offsets (it pads instead when the crop is larger; we refuse that upstream). */
export function centerCropBox(width: number, height: number, cropWidth: number, cropHeight: number): { left: number; top: number } {
  return { left: roundHalfEven((width - cropWidth) / 2), top: roundHalfEven((height - cropHeight) / 2) };
}

function crop(image: RgbImage, left: number, top: number, width: number, height: number): RgbImage {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const from = ((top + y) * image.width + left) * 3;
    rgb.set(image.rgb.subarray(from, from + width * 3), y * width * 3);
  }
  return { rgb, width, height };
}

/** The model-sized picture (RGB bytes, before Grayscale and ToTensor): what the model sees. */
export function fitImage(image: RgbImage, recipe: Pick<ImageRecipe, 'width' | 'height' | 'resize'>): RgbImage {
  if (recipe.resize === null) {
    return { rgb: resizeBilinearPillow(image.rgb, image.width, image.height, recipe.width, recipe.height), width: recipe.width, height: recipe.height };
  }
  const size = shorterSideTo(image.width, image.height, recipe.resize);
  const resized = { rgb: resizeBilinearPillow(image.rgb, image.width, image.height, size.width, size.height), ...size };
  if (recipe.width > size.width || recipe.height > size.height) {
    throw new RangeError(`center crop ${recipe.width}x${recipe.height} is larger than the resized image ${size.width}x${size.height} (raise --resize)`);
  }
  const box = centerCropBox(size.width, size.height, recipe.width, recipe.height);
  return crop(resized, box.left, box.top, recipe.width, recipe.height);
}

/** Pillow's convert('L'): ITU-R 601-2 luma in its fixed-point form. */
export function pillowLuma(r: number, g: number, b: number): number {
  return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
}

/** The model-sized picture as the model's input tensor, [C,H,W] or [H,W,C] float32. */
export function imageTensor(fitted: RgbImage, recipe: ImageRecipe): Float32Array {
  const { width, height, channels } = recipe;
  const plane = width * height;
  const out = new Float32Array(plane * channels);
  const f = Math.fround;
  const value = (byte: number, c: number) => {
    let x = 'divide' in recipe.scale ? f(byte / recipe.scale.divide) : f(byte * f(recipe.scale.multiply));
    if (recipe.mean) x = f(x - f(recipe.mean[c] ?? recipe.mean[0]!));
    if (recipe.std) x = f(x / f(recipe.std[c] ?? recipe.std[0]!));
    return x;
  };
  for (let p = 0; p < plane; p++) {
    const r = fitted.rgb[p * 3]!;
    const g = fitted.rgb[p * 3 + 1]!;
    const b = fitted.rgb[p * 3 + 2]!;
    const bytes = channels === 1 ? [pillowLuma(r, g, b)] : recipe.bgr ? [b, g, r] : [r, g, b];
    for (let c = 0; c < channels; c++) out[recipe.layout === 'NCHW' ? c * plane + p : p * channels + c] = value(bytes[c]!, c);
  }
  return out;
}
