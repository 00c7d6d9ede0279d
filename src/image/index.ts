/**
 * Image preprocessing shared by predict, verify-parity, the datasets and the web page.
 *
 * Browser code imports the pure modules directly (preprocess-rgb.js, pillow-resize.js,
 * to-tensor.js): decoding, PNG encoding and file listing need Node and sharp.
 */
export { resizeBilinearPillow } from './pillow-resize.js';
export { toTensorCHW, uint8ChwFromHwc } from './to-tensor.js';
export { preprocessRgb, type PreprocessedImage } from './preprocess-rgb.js';
export type { RgbImage } from './rgb-image.js';
export { decodeImageRgb, type DecodeOptions } from './decode.js';
export { DEFAULT_MAX_PIXELS } from './image-errors.js';
export { preprocessImage } from './preprocess-image.js';
export { encodePng } from './encode-png.js';
export { listImageFiles, hasImageExtension, IMAGE_EXTENSIONS } from './list-image-files.js';
