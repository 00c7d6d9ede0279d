/**
 * Image-aware lies: the declared width/height (decompression bombs, zero, overflow)
 * and the lengths that say where data is (PNG chunk lengths with a valid CRC, JPEG
 * segment lengths, BMP offsets and counts, GIF block sizes, RIFF chunk sizes).
 */
import { pick } from '../case-random.js';
import { overwriteBytes } from '../generic-mutators.js';
import {
  BMP_LENGTH_FIELDS, fixPngCrc, imageFormat, jpegSegments, pngChunks, setBmpSize, setGifSize, setJpegSize, setPngSize,
  setUint16Be, setUint32Be, setUint32Le,
} from '../formats/image-fields.js';
import { lyingSize, type Mutator } from '../mutator.js';

const LYING_SIDES = [0, 1, 3, 65_535, 65_536, 46_341, 100_000, 2 ** 31 - 1, 2 ** 32 - 1];

export const sizeLie: Mutator = {
  name: 'image-size-lie',
  liesAboutLength: true,
  apply(input, rng) {
    const out = input.slice();
    const width = pick(rng, LYING_SIDES);
    const height = rng.next() < 0.5 ? width : pick(rng, LYING_SIDES);
    const setters = { png: setPngSize, jpeg: setJpegSize, bmp: setBmpSize, gif: setGifSize } as const;
    const format = imageFormat(out);
    if (format in setters) setters[format as keyof typeof setters](out, width, height * (format === 'bmp' && rng.next() < 0.3 ? -1 : 1));
    else return overwriteBytes.apply(input, rng);
    return out;
  },
};

export const lengthLie: Mutator = {
  name: 'image-length-lie',
  liesAboutLength: true,
  apply(input, rng) {
    const out = input.slice();
    switch (imageFormat(out)) {
      case 'png': {
        const chunks = pngChunks(out);
        if (chunks.length === 0) break;
        const chunk = pick(rng, chunks);
        const length = lyingSize(rng, chunk.length, out.length - chunk.at);
        setUint32Be(out, chunk.at, length);
        if (rng.next() < 0.5) fixPngCrc(out, { ...chunk, length: Math.min(length, out.length) });
        break;
      }
      case 'jpeg': {
        const segments = jpegSegments(out);
        if (segments.length === 0) break;
        const s = pick(rng, segments);
        setUint16Be(out, s.at + 2, lyingSize(rng, s.length, out.length - s.at));
        break;
      }
      case 'bmp':
        setUint32Le(out, pick(rng, BMP_LENGTH_FIELDS), lyingSize(rng, 54, out.length));
        break;
      case 'webp':
        setUint32Le(out, pick(rng, [4, 16]), lyingSize(rng, out.length - 8, out.length));
        break;
      case 'tiff':
        setUint32Le(out, 4, lyingSize(rng, 8, out.length));
        break;
      case 'gif': {
        // A block-size byte: extension sub-blocks and image data sub-blocks follow 0x21/0x2C.
        const at = out.indexOf(pick(rng, [0x21, 0x2c]), 13);
        if (at > 0 && at + 3 < out.length) out[at + 2] = pick(rng, [0, 1, 0xff, out[at + 2]! + 1]);
        break;
      }
      default:
        return overwriteBytes.apply(input, rng);
    }
    return out;
  },
};
