/**
 * Images: the Pillow fixture photos in every format and mode we decode, plus real
 * CIFAR JPEGs from the shared archive. Each case goes through `predict`'s decoder
 * (decodeImageRgb) and the dataset path (decodeDatasetImage: the fast JPEG path, then
 * the full decoder). Whenever the fast path accepts a file, the full decoder must give
 * the very same pixels: "faster, never different".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGE_BYTES } from '../../../../src/image/input-size.js';
import { decodeImageRgb } from '../../../../src/image/decode.js';
import { decodeDatasetImage } from '../../../../src/image/decode-dataset-image.js';
import { decodeBaselineJpeg, type DecodedRgb } from '../../../../src/image/jpeg-baseline.js';
import { repoRoot } from '../../../helpers/paths.js';
import { GENERIC_MUTATORS } from '../generic-mutators.js';
import { firstCifarJpegs } from '../real-jpegs.js';
import type { FuzzTarget } from '../target.js';
import { attempt, broken, combine, judgeError, valid, type Verdict } from '../verdict.js';
import { lengthLie, sizeLie } from './image-mutators.js';

const NAME = 'fuzz-case-image';
const PILLOW_IMAGES = join(repoRoot, 'test', 'fixtures', 'pillow', 'images');

function sameRgb(a: DecodedRgb, b: DecodedRgb): boolean {
  return a.width === b.width && a.height === b.height && Buffer.from(a.rgb).equals(Buffer.from(b.rgb));
}

async function fastPathAgrees(bytes: Uint8Array): Promise<Verdict> {
  let fast: DecodedRgb | null;
  try {
    fast = decodeBaselineJpeg(bytes);
  } catch (error) {
    return judgeError(error, [NAME]); // it names nothing, so any escaping error is a failure
  }
  if (!fast) return valid('fast path declined');
  let full: DecodedRgb;
  try {
    full = await decodeImageRgb(bytes, { exifOrientation: 'ignore', sourceName: NAME });
  } catch (error) {
    return broken(`fast JPEG path decoded ${fast.width}x${fast.height} pixels from a file the full decoder refuses (${(error as Error).message})`);
  }
  return sameRgb(fast, full) ? valid() : broken(`fast JPEG path and the full decoder disagree on ${fast.width}x${fast.height} pixels`);
}

export const imageTarget: FuzzTarget = {
  reader: 'image',
  names: [NAME],
  mutators: [...GENERIC_MUTATORS, sizeLie, lengthLie],

  async buildCorpus() {
    const fixtures = readdirSync(PILLOW_IMAGES)
      .sort()
      .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(PILLOW_IMAGES, name))) }));
    const cifar = (await firstCifarJpegs(4)).map((j) => ({ name: j.name.split('/').slice(-3).join('-'), bytes: j.bytes }));
    return [...fixtures, ...cifar];
  },

  async read(bytes) {
    return combine(
      await attempt([NAME], () => decodeImageRgb(bytes, { sourceName: NAME }), (img) =>
        img.width > 0 && img.height > 0 && img.rgb.length === img.width * img.height * 3 ? null : `decoded ${img.rgb.length} bytes for ${img.width}x${img.height}`,
      ),
      await attempt([NAME], () => decodeDatasetImage(bytes, NAME), (planar) => (planar.length === IMAGE_BYTES ? null : `dataset image of ${planar.length} bytes`)),
      await fastPathAgrees(bytes),
    );
  },
};
