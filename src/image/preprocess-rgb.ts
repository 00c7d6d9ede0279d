/**
 * Decoded RGB → the model's input: Pillow BILINEAR resize to 32×32, then ToTensor.
 * Pure (no Node, no sharp), so the web page runs the very same code.
 */
import { IMAGE_SIZE } from './input-size.js';
import { resizeBilinearPillow } from './pillow-resize.js';
import type { RgbImage } from './rgb-image.js';
import { toTensorCHW } from './to-tensor.js';

export interface PreprocessedImage {
  /** The 32×32 picture the model sees, interleaved RGB (HWC), 3072 bytes. */
  rgb32: Uint8Array;
  /** The model input: planar CHW float32 in [0, 1], 3×32×32. */
  tensor: Float32Array;
  /** Size of the decoded image (after EXIF orientation when that is applied). */
  originalWidth: number;
  originalHeight: number;
}

export function preprocessRgb(image: RgbImage): PreprocessedImage {
  const rgb32 = resizeBilinearPillow(image.rgb, image.width, image.height, IMAGE_SIZE, IMAGE_SIZE);
  return {
    rgb32,
    tensor: toTensorCHW(rgb32, IMAGE_SIZE, IMAGE_SIZE),
    originalWidth: image.width,
    originalHeight: image.height,
  };
}
