import { describe, expect, it } from 'vitest';
import { IMAGE_BYTES } from '../../src/image/input-size.js';
import { BatchAssembler, epochOrder, stepsPerEpoch } from '../../src/train/batches.js';
import type { ImageSplit } from '../../src/train/data/dataset.js';

/** Two images whose pixel value encodes (channel, row, column), so every move is visible. */
function codedSplit(): ImageSplit {
  const images = new Uint8Array(2 * IMAGE_BYTES);
  for (let n = 0; n < 2; n++)
    for (let c = 0; c < 3; c++)
      for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) images[n * IMAGE_BYTES + (c * 32 + y) * 32 + x] = (c * 80 + y * 2 + x + n) % 256;
  return { images, labels: Uint8Array.from([3, 7]), count: 2 };
}
const base = { batchSize: 2, seed: 1, shuffle: false, augment: false, normalization: null, dropLast: false };

describe('batch assembly', () => {
  it('ToTensor is a true float32 division by 255 for every byte', () => {
    const split: ImageSplit = { images: new Uint8Array(IMAGE_BYTES), labels: new Uint8Array(1), count: 1 };
    for (let i = 0; i < 256; i++) split.images[i] = i;
    const a = new BatchAssembler({ ...base, batchSize: 1 });
    a.fill(split, Uint32Array.of(0), 0, 0);
    for (let i = 0; i < 256; i++) expect(a.input[i]).toBe(Math.fround(i / 255));
    // Multiplying by float32(1/255) would differ for some bytes: the check above is not vacuous.
    const recip = Math.fround(1 / 255);
    expect(Array.from({ length: 256 }, (_, i) => Math.fround(i * recip) !== Math.fround(i / 255)).some(Boolean)).toBe(true);
  });

  it('copies images and labels in the given order, with per-channel normalisation', () => {
    const split = codedSplit();
    const norm = { mean: [0.5, 0.25, 0] as [number, number, number], std: [0.5, 0.25, 2] as [number, number, number] };
    const a = new BatchAssembler({ ...base, normalization: norm });
    expect(a.fill(split, Uint32Array.of(1, 0), 0, 0)).toBe(2);
    expect(Array.from(a.labels)).toEqual([7, 3]);
    const px = (n: number, c: number, y: number, x: number) => a.input[n * IMAGE_BYTES + (c * 32 + y) * 32 + x]!;
    const raw = (n: number, c: number, y: number, x: number) => split.images[n * IMAGE_BYTES + (c * 32 + y) * 32 + x]!;
    for (const c of [0, 1, 2])
      expect(px(0, c, 5, 9)).toBe(Math.fround((Math.fround(raw(1, c, 5, 9) / 255) - norm.mean[c]!) / norm.std[c]!));
  });

  it('augmentation shifts with zero padding and mirrors, deterministically per (seed, epoch, step)', () => {
    const split = codedSplit();
    const a = new BatchAssembler({ ...base, augment: true, batchSize: 1 });
    const take = (epoch: number, step: number) => {
      a.fill(split, Uint32Array.of(0), epoch, step);
      return a.input.slice();
    };
    const first = take(0, 0);
    expect(take(0, 0)).toEqual(first);
    const variants = new Set<string>();
    for (let e = 0; e < 12; e++) variants.add(Buffer.from(take(e, 0).buffer).toString('base64'));
    expect(variants.size).toBeGreaterThan(6);
    // Every augmented image is a shifted (and maybe mirrored) copy: find its shift and check all pixels.
    for (let e = 0; e < 12; e++) {
      const img = take(e, 0);
      let matched = false;
      for (const flip of [false, true])
        for (let dy = -4; dy <= 4 && !matched; dy++)
          for (let dx = -4; dx <= 4 && !matched; dx++) {
            let ok = true;
            for (let c = 0; c < 3 && ok; c++)
              for (let y = 0; y < 32 && ok; y++)
                for (let x = 0; x < 32 && ok; x++) {
                  const sx = (flip ? 31 - x : x) + dx, sy = y + dy;
                  const inside = sx >= 0 && sx < 32 && sy >= 0 && sy < 32;
                  const want = inside ? Math.fround(split.images[(c * 32 + sy) * 32 + sx]! / 255) : 0;
                  ok = img[(c * 32 + y) * 32 + x] === want;
                }
            matched = ok;
          }
      expect(matched, `epoch ${e}`).toBe(true);
    }
  });

  it('epoch order is a seeded permutation that changes per epoch; steps honour drop-last', () => {
    const o1 = epochOrder(100, 5, 0, true);
    expect([...o1].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(epochOrder(100, 5, 0, true)).toEqual(o1);
    expect(epochOrder(100, 5, 1, true)).not.toEqual(o1);
    expect(Array.from(epochOrder(5, 5, 0, false))).toEqual([0, 1, 2, 3, 4]);
    expect(stepsPerEpoch(100, { batchSize: 32, dropLast: true })).toBe(3);
    expect(stepsPerEpoch(100, { batchSize: 32, dropLast: false })).toBe(4);
  });
});
