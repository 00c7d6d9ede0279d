/**
 * One image file → 32×32 RGB in our planar layout. Decoding is sharp's (for CIFAR's
 * JPEGs it gives Pillow's exact bytes); the colour profile is ignored as Pillow does;
 * other sizes go through the same Pillow-exact bilinear resize as `predict`.
 */
import sharp from 'sharp';
import { ToolError } from '../../util/errors.js';
import { resizeBilinearPillow } from '../../runtime/preprocess/pillow-resize.js';
import { IMAGE_BYTES, IMAGE_SIZE } from './dataset.js';

/** The bytes of a file that sharp could not turn into an image. */
export class UnreadableImageError extends ToolError {
  override name = 'UnreadableImageError';
}

/** Interleaved RGB (HWC) → planar (CHW) into `out` at `offset`. */
export function interleavedToPlanar(rgb: Uint8Array, out: Uint8Array, offset: number): void {
  const plane = IMAGE_SIZE * IMAGE_SIZE;
  for (let i = 0; i < plane; i++) {
    out[offset + i] = rgb[i * 3]!;
    out[offset + plane + i] = rgb[i * 3 + 1]!;
    out[offset + 2 * plane + i] = rgb[i * 3 + 2]!;
  }
}

/** Decodes `bytes` to 8-bit RGB, interleaved, at its own size. */
export async function decodeRgb(bytes: Uint8Array, name: string): Promise<{ rgb: Uint8Array; width: number; height: number }> {
  try {
    // Alpha is dropped without compositing and grey is replicated, like Pillow's convert("RGB").
    const { data, info } = await sharp(bytes, { ignoreIcc: true })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels`);
    return { rgb: data, width: info.width, height: info.height };
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new UnreadableImageError(`${name}: not a readable image (${reason})`);
  }
}

/** Decodes one image file into `out` at `offset` (IMAGE_BYTES bytes, planar RGB, 32×32). */
export async function decodeImageInto(bytes: Uint8Array, name: string, out: Uint8Array, offset: number): Promise<void> {
  const { rgb, width, height } = await decodeRgb(bytes, name);
  const sized = width === IMAGE_SIZE && height === IMAGE_SIZE ? rgb : resizeBilinearPillow(rgb, width, height, IMAGE_SIZE, IMAGE_SIZE);
  interleavedToPlanar(sized, out, offset);
}

/** A fresh buffer with one decoded image. */
export async function decodeImage(bytes: Uint8Array, name: string): Promise<Uint8Array> {
  const out = new Uint8Array(IMAGE_BYTES);
  await decodeImageInto(bytes, name, out, 0);
  return out;
}
