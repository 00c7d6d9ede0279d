/**
 * What verify-parity sends through every runtime, each runtime getting exactly these
 * tensors, and where they came from (said in the report):
 *  - an ONNX test case folder's data sets (with the expected outputs beside them);
 *  - `--input NAME=FILE` tensors, or seeded random tensors for any model;
 *  - for image models: image files and folders the user named (in that order; folders
 *    searched recursively, sorted by path), or N CIFAR-10 test images from the
 *    configured data source (a seeded sample, kept in the source's order), or, when no
 *    data is configured or cached, a seeded batch of random images.
 * Inputs are held as data sets of rows (the first dimension); `inputBatches` walks them
 * in batches of at most N rows, so runtimes see bounded batches whatever the source.
 */
import { IMAGE_BYTES } from '../../image/input-size.js';
import { Random } from '../../graph/random.js';
import type { HostTensor } from '../../graph/host-tensor.js';
import type { LoadOptions } from '../../train/data/load-dataset.js';
import { loadDataset } from '../../train/data/load-dataset.js';
import { userCacheDir } from '../../train/data/cache-dir.js';
import { resolveDataSource } from '../../train/data/resolve-source.js';
import { ToolError } from '../../util/errors.js';
import { expandImagePaths, forEachPreprocessed } from '../../image/preprocess-files.js';
import type { DecodeOptions } from '../../image/index.js';
import { IMAGE_VALUES, sliceRows } from '../run-batches.js';

export type InputKind = 'files' | 'cifar10-test' | 'random' | 'test-case' | 'input-files' | 'random-tensors';

/** Rows [start, start + rows) of the run: one feed per graph input, and what they should give. */
export interface InputSet {
  /** The test data set it came from (`test_data_set_0`), or null. */
  name: string | null;
  start: number;
  rows: number;
  feeds: Map<string, HostTensor>;
  /** Expected outputs by name (test cases), or null. */
  expected: Map<string, HostTensor> | null;
}

export interface ParityInputs {
  kind: InputKind;
  /** One line for reports: what these inputs are and where they came from. */
  source: string;
  /** Per row: its file path, or `cifar10-test[i]`, `random[i]`, `test_data_set_0[i]`… */
  names: string[];
  /** Rows (images, sequences…) compared. */
  count: number;
  sets: InputSet[];
  /** The true class of each image when known (CIFAR-10), else null. */
  truth: Uint8Array | null;
  /** Files that could not be read; `error` is one line starting with the file name. */
  unreadable: { file: string; error: string }[];
  /**
   * For inputs too large to hold (image files of big models): yields the batches,
   * preparing each when it is needed (`sets` stays empty; `names`, `count` and
   * `unreadable` are complete once the stream ends). Each call starts from the top.
   */
  stream?: (maxRows: number) => AsyncGenerator<InputSet>;
}

/** Every batch of at most `maxRows` rows, from memory or from the stream. */
export async function* allBatches(inputs: Pick<ParityInputs, 'sets' | 'stream'>, maxRows: number): AsyncGenerator<InputSet> {
  if (inputs.stream) yield* inputs.stream(maxRows);
  else yield* inputBatches(inputs, maxRows);
}

/** The default image input name of our own models. */
export const LENET_INPUT = 'input';

/** Rows of a set of feeds: the first dim of the first tensor (1 for a scalar). */
export function rowsOf(feeds: ReadonlyMap<string, HostTensor>): number {
  const first = feeds.values().next().value as HostTensor | undefined;
  return first?.dims[0] ?? 1;
}

/** One set holding `count` images [count,3,32,32] under `input`. */
function imageSet(input: string, tensors: Float32Array, count: number): InputSet[] {
  return [{ name: null, start: 0, rows: count, feeds: new Map([[input, { type: 'float32', dims: [count, 3, 32, 32], data: tensors }]]), expected: null }];
}

/** LeNet's images as one float32 block [count,3,32,32] (the first set's image input). */
export function imagesOf(inputs: Pick<ParityInputs, 'sets'>, input = LENET_INPUT): Float32Array {
  const t = inputs.sets[0]?.feeds.get(input);
  if (!t || t.type !== 'float32' || inputs.sets.length !== 1) throw new Error(`the inputs are not one block of images under "${input}"`);
  return t.data as Float32Array;
}

/**
 * The sets in batches of at most `maxRows` rows. A set splits only when every feed (and
 * expected output) has its rows along the first dim; otherwise it goes whole.
 */
export function* inputBatches(inputs: Pick<ParityInputs, 'sets'>, maxRows: number): Generator<InputSet> {
  for (const set of inputs.sets) {
    const splittable = [...set.feeds.values(), ...(set.expected?.values() ?? [])].every((t) => t.dims[0] === set.rows);
    if (!splittable || set.rows <= maxRows) {
      yield set;
      continue;
    }
    for (let at = 0; at < set.rows; at += maxRows) {
      const rows = Math.min(maxRows, set.rows - at);
      const slice = (m: ReadonlyMap<string, HostTensor>) => new Map([...m].map(([name, t]) => [name, sliceRows(t, at, rows)]));
      yield { name: set.name, start: set.start + at, rows, feeds: slice(set.feeds), expected: set.expected ? slice(set.expected) : null };
    }
  }
}

/** Tensors given whole (--input files, random tensors): one set. */
export function inputsFromTensors(kind: 'input-files' | 'random-tensors', feeds: Map<string, HostTensor>, source: string): ParityInputs {
  const rows = rowsOf(feeds);
  const label = kind === 'random-tensors' ? 'random' : 'input';
  return { kind, source, names: Array.from({ length: rows }, (_, i) => `${label}[${i}]`), count: rows, sets: [{ name: null, start: 0, rows, feeds, expected: null }], truth: null, unreadable: [] };
}

/** ToTensor on stored bytes: Float32Array stores fround(b / 255), torchvision's exact value. */
function bytesToTensor(bytes: Uint8Array): Float32Array {
  return Float32Array.from(bytes, (b) => b / 255);
}

export async function inputsFromFiles(paths: string[], options: { limit?: number; decode?: DecodeOptions; input?: string }): Promise<ParityInputs> {
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
    sets: imageSet(options.input ?? LENET_INPUT, tensors.slice(0, count * IMAGE_VALUES), count),
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
export async function inputsFromCifar(options: { count: number; seed: number; load: LoadOptions; input?: string }): Promise<ParityInputs | null> {
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
    sets: imageSet(options.input ?? LENET_INPUT, bytesToTensor(bytes), indices.length),
    truth,
    unreadable: [],
  };
}

/** Random 8-bit images (so values look like real inputs: k/255), from a seed. */
export function randomInputs(count: number, seed: number, why: string, input = LENET_INPUT): ParityInputs {
  const random = new Random(seed);
  const bytes = Uint8Array.from({ length: count * IMAGE_BYTES }, () => random.int(256));
  return {
    kind: 'random',
    source: `${count} seeded random images (seed ${seed}): ${why}`,
    names: Array.from({ length: count }, (_, i) => `random[${i}]`),
    count,
    sets: imageSet(input, bytesToTensor(bytes), count),
    truth: null,
    unreadable: [],
  };
}
