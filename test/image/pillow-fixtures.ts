/**
 * Readers for the committed Pillow reference vectors in test/fixtures/pillow/, written
 * by scripts/make-pillow-vectors.py (see there for how each file is produced).
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

export const PILLOW_DIR = fileURLToPath(new URL('../fixtures/pillow/', import.meta.url));
export const PILLOW_IMAGES_DIR = `${PILLOW_DIR}images/`;

export function readPillowJson<T>(name: string): T {
  return JSON.parse(readFileSync(`${PILLOW_DIR}${name}`, 'utf8')) as T;
}

export function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Mirror of the script's `noise_byte`: lowbias32 of seed*golden+index, low byte. */
export function noiseByte(seed: number, index: number): number {
  let x = (Math.imul(seed, 0x9e3779b9) + index) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x & 0xff;
}

/** Mirror of the script's `noise_rgb`: the inputs of the resize vectors. */
export function noiseRgb(width: number, height: number, seed: number): Uint8Array {
  const out = new Uint8Array(width * height * 3);
  for (let i = 0; i < out.length; i++) out[i] = noiseByte(seed, i);
  return out;
}
