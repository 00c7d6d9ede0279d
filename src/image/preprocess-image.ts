/**
 * The model's whole input pipeline in one call: decode a file → 32×32 → tensor.
 * predict, verify-parity and the datasets all go through here, so a given file
 * becomes the same tensor everywhere, and the tensor torchvision would make from it.
 */
import { decodeImageRgb, type DecodeOptions } from './decode.js';
import { fitImage, imageTensor, type ImageRecipe } from './image-recipe.js';
import { preprocessRgb, type PreprocessedImage } from './preprocess-rgb.js';
import type { RgbImage } from './rgb-image.js';

export async function preprocessImage(input: string | Uint8Array, options?: DecodeOptions): Promise<PreprocessedImage> {
  return preprocessRgb(await decodeImageRgb(input, options));
}

/** Any image model's input: decode, then the recipe (size, crop, grey, scale, normalisation, layout). */
export async function preprocessImageFor(input: string | Uint8Array, recipe: ImageRecipe, options?: DecodeOptions): Promise<{ picture: RgbImage; tensor: Float32Array }> {
  const picture = fitImage(await decodeImageRgb(input, options), recipe);
  return { picture, tensor: imageTensor(picture, recipe) };
}
