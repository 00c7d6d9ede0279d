import { describe, expect, it } from 'vitest';
import { IMAGE_BYTES } from '../../../src/image/input-size.js';
import type { Dataset } from '../../../src/train/data/dataset.js';
import { prepareSubsets } from '../../../src/train/data/subset.js';
import { ToolError } from '../../../src/util/errors.js';

/** Grouped by class like the archive: 10 classes × 20 images; image i's first byte is i. */
function groupedDataset(): Dataset {
  const count = 200;
  const images = new Uint8Array(count * IMAGE_BYTES);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = Math.floor(i / 20);
    images[i * IMAGE_BYTES] = i;
  }
  const test = { images: images.slice(0, 50 * IMAGE_BYTES), labels: labels.slice(0, 50), count: 50 };
  return { classNames: 'abcdefghij'.split(''), train: { images, labels, count }, test, source: 'grouped' };
}

const ids = (split: { images: Uint8Array; count: number }) => Array.from({ length: split.count }, (_, i) => split.images[i * IMAGE_BYTES]!);

describe('prepareSubsets', () => {
  it('takes the first N after a seeded shuffle: every class shows up, and a seed repeats exactly', () => {
    const data = groupedDataset();
    const a = prepareSubsets(data, { limit: 50, seed: 1 }).dataset.train;
    expect(a.count).toBe(50);
    expect(new Set(a.labels).size).toBe(10);
    expect(ids(prepareSubsets(data, { limit: 50, seed: 1 }).dataset.train)).toEqual(ids(a));
    expect(ids(prepareSubsets(data, { limit: 50, seed: 2 }).dataset.train)).not.toEqual(ids(a));
    // Labels travel with their images.
    for (let i = 0; i < a.count; i++) expect(a.labels[i]).toBe(Math.floor(a.images[i * IMAGE_BYTES]! / 20));
  });

  it('keeps file order with shuffle false (the literal "first N")', () => {
    const train = prepareSubsets(groupedDataset(), { limit: 30, shuffle: false }).dataset.train;
    expect(ids(train)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(new Set(train.labels)).toEqual(new Set([0, 1]));
  });

  it('takes N per class', () => {
    const train = prepareSubsets(groupedDataset(), { perClass: 3, seed: 4 }).dataset.train;
    expect(train.count).toBe(30);
    const perLabel = new Map<number, number>();
    for (const l of train.labels) perLabel.set(l, (perLabel.get(l) ?? 0) + 1);
    expect([...perLabel.values()]).toEqual(new Array(10).fill(3));
  });

  it('holds out a validation split disjoint from training, by count or fraction', () => {
    const data = groupedDataset();
    const byCount = prepareSubsets(data, { validation: 40, seed: 3 });
    expect(byCount.dataset.train.count).toBe(160);
    expect(byCount.validation!.count).toBe(40);
    const all = [...ids(byCount.dataset.train), ...ids(byCount.validation!)].sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 200 }, (_, i) => i));
    const byFraction = prepareSubsets(data, { limit: 100, validation: 0.1 });
    expect([byFraction.dataset.train.count, byFraction.validation!.count]).toEqual([90, 10]);
  });

  it('limits the test split only when asked, and leaves the input untouched', () => {
    const data = groupedDataset();
    const before = Buffer.from(data.train.images);
    const out = prepareSubsets(data, { testLimit: 5, limit: 10 });
    expect(out.dataset.test.count).toBe(5);
    expect(prepareSubsets(data, { limit: 10 }).dataset.test).toBe(data.test);
    expect(prepareSubsets(data, {}).dataset.train).toBe(data.train); // no subset: no copy
    expect(Buffer.from(data.train.images).equals(before)).toBe(true);
  });

  it('explains impossible requests in one line naming the flag', () => {
    const data = groupedDataset();
    expect(() => prepareSubsets(data, { limit: 201 })).toThrow(new ToolError('--limit 201: only 200 training images to choose from'));
    expect(() => prepareSubsets(data, { limit: 0 })).toThrow(new ToolError('--limit 0: must be a whole number >= 1'));
    expect(() => prepareSubsets(data, { perClass: 21 })).toThrow(new ToolError('--per-class 21: class "a" has only 20 training images'));
    expect(() => prepareSubsets(data, { limit: 10, validation: 10 })).toThrow(/--validation 10: must leave at least one training image/);
    expect(() => prepareSubsets(data, { testLimit: 51 })).toThrow(new ToolError('--test-limit 51: only 50 test images'));
  });
});
