import { describe, expect, it } from 'vitest';
import { decodeImageRgb } from '../../src/image/decode.js';
import { encodePng } from '../../src/image/encode-png.js';
import { noiseRgb } from './pillow-fixtures.js';

describe('encodePng', () => {
  it('writes a PNG that decodes back to exactly the same RGB bytes', async () => {
    const rgb = noiseRgb(32, 32, 42);
    const png = await encodePng(rgb, 32, 32);
    expect(Array.from(png.subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]); // "PNG"
    const decoded = await decodeImageRgb(png, { sourceName: 'preprocessed.png' });
    expect(decoded).toEqual({ rgb, width: 32, height: 32 });
  });

  it('rejects a buffer that does not match the stated size', async () => {
    await expect(encodePng(new Uint8Array(7), 2, 2)).rejects.toThrow(/expected 2x2x3 = 12 bytes, got 7/);
  });
});
