/**
 * The model's whole input pipeline in one call: decode a file → 32×32 → tensor.
 * predict, verify-parity and the datasets all go through here, so a given file
 * becomes the same tensor everywhere, and the tensor torchvision would make from it.
 */
import { decodeImageRgb, type DecodeOptions } from './decode.js';
import { preprocessRgb, type PreprocessedImage } from './preprocess-rgb.js';

export async function preprocessImage(input: string | Uint8Array, options?: DecodeOptions): Promise<PreprocessedImage> {
  return preprocessRgb(await decodeImageRgb(input, options));
}
