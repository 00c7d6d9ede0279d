/**
 * Regression (fuzz, image seed 3 case 105): a BMP cut inside its 40-byte info header,
 * or a bitfield BMP cut before its masks, escaped the decoder as a bare RangeError
 * ("Offset is outside the bounds of the DataView") that named no file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImageRgb } from '../../../src/image/decode.js';
import { repoRoot } from '../../helpers/paths.js';

const photo = readFileSync(join(repoRoot, 'test', 'fixtures', 'pillow', 'images', 'photo-24bit.bmp'));

/** A 1x1 32-bit BI_BITFIELDS BMP whose (lying) pixel offset 0 passes the size check, cut before the masks. */
function bitfieldsWithoutMasks(): Uint8Array {
  const b = Buffer.alloc(58);
  b.write('BM', 0, 'latin1');
  b.writeUInt32LE(0, 10); // pixel data "at" 0
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(1, 18);
  b.writeInt32LE(1, 22);
  b.writeUInt16LE(32, 28);
  b.writeUInt32LE(3, 30); // BI_BITFIELDS: masks would follow at 54..66
  return b;
}

describe('truncated BMP headers', () => {
  it('cut inside the info header', async () => {
    for (const cut of [30, 40, 53]) {
      await expect(decodeImageRgb(photo.subarray(0, cut), { sourceName: 'cut.bmp' }), `cut at ${cut}`).rejects.toThrow(
        'cut.bmp: not a readable image (BMP header is truncated)',
      );
    }
  });

  it('cut before the bitfield masks', async () => {
    await expect(decodeImageRgb(bitfieldsWithoutMasks(), { sourceName: 'masks.bmp' })).rejects.toThrow(
      'masks.bmp: not a readable image (BMP bitfield masks are truncated)',
    );
  });

  it('the whole file still decodes', async () => {
    const image = await decodeImageRgb(photo, { sourceName: 'photo-24bit.bmp' });
    expect(image.rgb.length).toBe(image.width * image.height * 3);
  });
});
