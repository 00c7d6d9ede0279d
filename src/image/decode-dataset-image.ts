/**
 * One image file → 32×32 RGB in the datasets' planar layout, exactly as torchvision's
 * ImageFolder + Resize((32, 32)) would see it: Pillow's pixels (no EXIF rotation, no
 * colour profile), Pillow's bilinear resize for other sizes. Common JPEGs take the fast
 * path (jpeg-baseline.ts); everything else goes through `predict`'s decoder.
 */
import { IMAGE_SIZE } from './input-size.js';
import { decodeImageRgb } from './decode.js';
import { DATASET_MAX_DECODE_BYTES } from './image-errors.js';
import { resizeBilinearPillow } from './pillow-resize.js';
import { uint8ChwFromHwc } from './to-tensor.js';
import { decodeBaselineJpeg } from './jpeg-baseline.js';

/** Decoded, resized and made planar: IMAGE_BYTES bytes. Unreadable files throw a ToolError naming `name`. */
export async function decodeDatasetImage(bytes: Uint8Array, name: string): Promise<Uint8Array> {
  const image = decodeBaselineJpeg(bytes) ?? (await decodeImageRgb(bytes, { exifOrientation: 'ignore', sourceName: name, maxBytes: DATASET_MAX_DECODE_BYTES }));
  const { rgb, width, height } = image;
  const sized = width === IMAGE_SIZE && height === IMAGE_SIZE ? rgb : resizeBilinearPillow(rgb, width, height, IMAGE_SIZE, IMAGE_SIZE);
  return uint8ChwFromHwc(sized, IMAGE_SIZE, IMAGE_SIZE);
}
