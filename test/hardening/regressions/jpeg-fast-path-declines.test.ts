/**
 * Regression (fuzz, image seed 3 case 132 and seed 5 case 1787): the fast JPEG path
 * decoded files that libjpeg-turbo (sharp, Pillow) refuses — a Huffman table with an
 * all-ones code, wrong SOF/SOS lengths, unknown markers, a component listed twice —
 * and gave other pixels than libjpeg-turbo's 16-bit SIMD IDCT where coefficients are
 * out of range. It now declines all of them, so the full decoder decides.
 * Each case is one byte changed in the archive's first JPEG.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImageRgb } from '../../../src/image/decode.js';
import { decodeBaselineJpeg } from '../../../src/image/jpeg-baseline.js';
import { firstCifarJpegs } from '../fuzz/real-jpegs.js';

let original: Uint8Array;
beforeAll(async () => {
  original = (await firstCifarJpegs(1))[0]!.bytes;
});

function edited(at: number, value: number): Uint8Array {
  const bytes = original.slice();
  bytes[at] = value;
  return bytes;
}

const REFUSED_BY_LIBJPEG: [string, number, number, RegExp][] = [
  ['an unknown marker', 3, 0x60, /Unsupported marker type 0x60/],
  ['a Huffman table with an all-ones code', 198, 0xff, /Bogus Huffman table definition/],
  ['a scan header of the wrong length', 612, 0x1c, /Bogus marker length/],
  ['a component listed twice in the scan', 618, 0x02, /Invalid component ID 2 in SOS/],
];

describe('the fast JPEG path declines what libjpeg-turbo refuses', () => {
  it('the unedited image takes the fast path', () => {
    expect(decodeBaselineJpeg(original)).not.toBeNull();
  });

  for (const [what, at, value, refusal] of REFUSED_BY_LIBJPEG) {
    it(what, async () => {
      const bytes = edited(at, value);
      expect(decodeBaselineJpeg(bytes)).toBeNull();
      await expect(decodeImageRgb(bytes, { sourceName: 'edited.jpg' })).rejects.toThrow(refusal);
    });
  }

  it('a quantisation step of 255 for DC (coefficients beyond what 16-bit SIMD keeps exact)', async () => {
    const bytes = edited(25, 0xff);
    expect(decodeBaselineJpeg(bytes)).toBeNull();
    const full = await decodeImageRgb(bytes, { exifOrientation: 'ignore' });
    expect(full.rgb.length).toBe(32 * 32 * 3);
  });
});
