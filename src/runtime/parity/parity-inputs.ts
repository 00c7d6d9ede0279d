/**
 * The images verify-parity sends through every runtime, as one block of preprocessed
 * float32 tensors (each runtime gets exactly these numbers):
 *  - image files and folders the user named (in that order; folders searched
 *    recursively, sorted by path), or
 *  - N CIFAR-10 test images from the configured data source (a seeded sample, kept in
 *    the source's order), or, when no data is configured or cached,
 *  - a seeded batch of random images — and the description says which it was.
 */
import { IMAGE_BYTES } from '../../image/input-size.js';
import { Random } from '../../graph/random.js';
import type { LoadOptions } from '../../train/data/load-dataset.js';
import { loadDataset } from '../../train/data/load-dataset.js';
import { userCacheDir } from '../../train/data/cache-dir.js';
import { resolveDataSource } from '../../train/data/resolve-source.js';
import { ToolError } from '../../util/errors.js';
import { expandImagePaths, forEachPreprocessed } from '../../image/preprocess-files.js';
import type { DecodeOptions } from '../../image/index.js';
import { IMAGE_VALUES } from '../run-batches.js';

export type InputKind = 'files' | 'cifar10-test' | 'random';

export interface ParityInputs {
  kind: InputKind;
  /** One line for reports: what these images are and where they came from. */
  source: string;
  /** Per image: its file path, or `cifar10-test[i]`, or `random[i]`. */
  names: string[];
  count: number;
  /** count·3·32·32 float32 values, NCHW. */
  tensors: Float32Array;
  /** The true class of each image when known (CIFAR-10), else null. */
  truth: Uint8Array | null;
  /** Files that could not be read; `error` is one line starting with the file name. */
  unreadable: { file: string; error: string }[];
}

/** ToTensor on stored bytes: Float32Array stores fround(b / 255), torchvision's exact value. */
function bytesToTensor(bytes: Uint8Array): Float32Array {
  return Float32Array.from(bytes, (b) => b / 255);
}

export async function inputsFromFiles(paths: string[], options: { limit?: number; decode?: DecodeOptions }): Promise<ParityInputs> {
  let files = await expandImagePaths(paths);
  if (files.length === 0) throw new ToolError(`no image files found in ${paths.join(', ')}`);
  if (options.limit !== undefined) files = files.slice(0, options.limit);
  const tensors = new Float32Array(files.length * IMAGE_VALUES);
  const names: string[] = [];
  const unreadable: ParityInputs['unreadable'] = [];
  await forEachPreprocessed(files, options.decode ?? {}, (result) => {
    if (result.error !== undefined) {
      unreadable.push({ file: result.file, error: result.error });
      return;
    }
    tensors.set(result.image.tensor, names.length * IMAGE_VALUES);
    names.push(result.file);
  });
  const count = names.length;
  const what = `${count} image file${count === 1 ? '' : 's'} from ${paths.join(', ')}`;
  return {
    kind: 'files',
    source: unreadable.length ? `${what} (${unreadable.length} unreadable)` : what,
    names,
    count,
    tensors: tensors.slice(0, count * IMAGE_VALUES),
    truth: null,
    unreadable,
  };
}

/** `count` test images chosen by a seeded shuffle, then put back in the source's order. */
function sampleIndices(available: number, count: number, seed: number): number[] {
  if (count >= available) return Array.from({ length: available }, (_, i) => i);
  const order = Uint32Array.from({ length: available }, (_, i) => i);
  new Random(seed).shuffle(order);
  return Array.from(order.subarray(0, count)).sort((a, b) => a - b);
}

/** CIFAR-10 test images, or null when no data source is configured or cached (no download). */
export async function inputsFromCifar(options: { count: number; seed: number; load: LoadOptions }): Promise<ParityInputs | null> {
  const source = resolveDataSource(options.load.data, options.load.cacheDir ?? userCacheDir(options.load.env), options.load.env);
  if (source.kind === 'download') return null;
  const dataset = await loadDataset(options.load);
  const test = dataset.test;
  if (test.count === 0) throw new ToolError(`${dataset.source}: has no test images`);
  const indices = sampleIndices(test.count, options.count, options.seed);
  const bytes = new Uint8Array(indices.length * IMAGE_BYTES);
  const truth = new Uint8Array(indices.length);
  indices.forEach((from, i) => {
    bytes.set(test.images.subarray(from * IMAGE_BYTES, (from + 1) * IMAGE_BYTES), i * IMAGE_BYTES);
    truth[i] = test.labels[from]!;
  });
  const all = indices.length === test.count;
  const sampled = all ? `all ${test.count}` : `${indices.length} (seeded sample, seed ${options.seed}) of ${test.count}`;
  return {
    kind: 'cifar10-test',
    source: `${sampled} CIFAR-10 test images from ${dataset.source}`,
    names: indices.map((i) => `cifar10-test[${i}]`),
    count: indices.length,
    tensors: bytesToTensor(bytes),
    truth,
    unreadable: [],
  };
}

/** Random 8-bit images (so values look like real inputs: k/255), from a seed. */
export function randomInputs(count: number, seed: number, why: string): ParityInputs {
  const random = new Random(seed);
  const bytes = Uint8Array.from({ length: count * IMAGE_BYTES }, () => random.int(256));
  return {
    kind: 'random',
    source: `${count} seeded random images (seed ${seed}): ${why}`,
    names: Array.from({ length: count }, (_, i) => `random[${i}]`),
    count,
    tensors: bytesToTensor(bytes),
    truth: null,
    unreadable: [],
  };
}
