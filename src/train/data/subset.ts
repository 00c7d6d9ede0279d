/**
 * Smaller training sets and a validation split. The archive is grouped by class, so
 * "the first N" only makes sense after a seeded shuffle (the default); `shuffle: false`
 * keeps file order for those who want exactly the first N files.
 */
import { IMAGE_BYTES } from '../../image/input-size.js';
import { Random } from '../../graph/random.js';
import { ToolError } from '../../util/errors.js';
import type { Dataset, ImageSplit } from './dataset.js';

export interface SubsetOptions {
  /** Keep N training images (`--limit`). */
  limit?: number;
  /** Keep N training images of every class (`--per-class`). */
  perClass?: number;
  /** Hold out this many training images (>= 1) or this fraction (< 1) for validation (`--validation`). */
  validation?: number;
  /** Keep N test images (`--test-limit`). */
  testLimit?: number;
  /** Shuffle before taking (default true; `--no-shuffle` keeps file order). */
  shuffle?: boolean;
  seed?: number;
}

export interface PreparedData {
  dataset: Dataset;
  validation: ImageSplit | null;
}

/** The images at `indices`, in that order. */
export function gatherSplit(split: ImageSplit, indices: ArrayLike<number>): ImageSplit {
  const count = indices.length;
  const images = new Uint8Array(count * IMAGE_BYTES);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const from = indices[i]!;
    images.set(split.images.subarray(from * IMAGE_BYTES, (from + 1) * IMAGE_BYTES), i * IMAGE_BYTES);
    labels[i] = split.labels[from]!;
  }
  return { images, labels, count };
}

function checkCount(flag: string, value: number, available: number, what: string): void {
  if (!Number.isInteger(value) || value < 1) throw new ToolError(`${flag} ${value}: must be a whole number >= 1`);
  if (value > available) throw new ToolError(`${flag} ${value}: only ${available} ${what}`);
}

function sampleOrder(count: number, shuffle: boolean, random: Random): Uint32Array {
  const order = Uint32Array.from({ length: count }, (_, i) => i);
  if (shuffle) random.shuffle(order);
  return order;
}

/** The first `perClass` of each class in `order`. */
function takePerClass(split: ImageSplit, order: Uint32Array, perClass: number, classNames: string[]): Uint32Array {
  const taken = new Array<number>(classNames.length).fill(0);
  const kept: number[] = [];
  for (const index of order) {
    const label = split.labels[index]!;
    if (taken[label]! < perClass) {
      taken[label]!++;
      kept.push(index);
    }
  }
  const short = taken.findIndex((n) => n < perClass);
  if (short !== -1) {
    throw new ToolError(`--per-class ${perClass}: class "${classNames[short]}" has only ${taken[short]} training images`);
  }
  return Uint32Array.from(kept);
}

function validationCount(validation: number, available: number): number {
  const count = validation < 1 ? Math.round(validation * available) : validation;
  if (!(validation > 0) || !Number.isInteger(count) || count < 1 || count >= available) {
    throw new ToolError(`--validation ${validation}: must leave at least one training image and hold out at least one (of ${available})`);
  }
  return count;
}

/** Applies the subset options; the original dataset is not modified. */
export function prepareSubsets(dataset: Dataset, options: SubsetOptions = {}): PreparedData {
  const shuffle = options.shuffle ?? true;
  const random = new Random(options.seed ?? 0);
  let order = sampleOrder(dataset.train.count, shuffle, random);
  if (options.perClass !== undefined) {
    checkCount('--per-class', options.perClass, dataset.train.count, 'training images');
    order = takePerClass(dataset.train, order, options.perClass, dataset.classNames);
  }
  if (options.limit !== undefined) {
    checkCount('--limit', options.limit, order.length, 'training images to choose from');
    order = order.subarray(0, options.limit);
  }
  let validation: ImageSplit | null = null;
  if (options.validation !== undefined) {
    const held = validationCount(options.validation, order.length);
    validation = gatherSplit(dataset.train, order.subarray(order.length - held));
    order = order.subarray(0, order.length - held);
  }
  let test = dataset.test;
  if (options.testLimit !== undefined) {
    checkCount('--test-limit', options.testLimit, test.count, 'test images');
    test = gatherSplit(test, sampleOrder(test.count, shuffle, random).subarray(0, options.testLimit));
  }
  // Without a subset the order does not matter (batches are shuffled per epoch): skip the copy.
  const subsetted = options.perClass !== undefined || options.limit !== undefined || validation !== null;
  const train = subsetted ? gatherSplit(dataset.train, order) : dataset.train;
  return { dataset: { ...dataset, train, test }, validation };
}
