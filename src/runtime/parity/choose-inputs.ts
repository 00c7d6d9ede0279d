/**
 * Which inputs verify-parity compares on, from what the user gave, in this order:
 *  1. a test case folder (`verify-parity CASE_DIR`): its data sets;
 *  2. `--input NAME=FILE`: those tensors (inputs left out get seeded random values);
 *  3. images (files, folders) for any image model, with torchvision's recipe (our own
 *     [N,3,32,32] models: LeNet's, and without files CIFAR-10 test images or seeded
 *     random images, as always);
 *  4. otherwise seeded random tensors for every input (--shape, --range, --seed).
 * The chosen source is said in ParityInputs.source.
 */
import type { DecodeOptions } from '../../image/index.js';
import type { LoadOptions } from '../../train/data/load-dataset.js';
import { ToolError } from '../../util/errors.js';
import { recipeForModel, type RecipeFlags } from '../image-recipes.js';
import { isLenetInterface } from '../model-io.js';
import { imageFileInputs } from './image-file-inputs.js';
import type { ModelUnderTest } from '../model-under-test.js';
import { checkFeeds } from './feed-check.js';
import { readInputFiles, type InputFileSpec } from './input-files.js';
import { inputsFromCifar, inputsFromFiles, inputsFromTensors, randomInputs, type ParityInputs } from './parity-inputs.js';
import { parseRangeFlags, parseShapeFlags, randomFeeds } from './random-feeds.js';
import { inputsFromTestCase } from './test-case-inputs.js';

export interface InputChoice {
  /** The test case folder the model came from, or null. */
  caseDir: string | null;
  inputFiles: readonly InputFileSpec[];
  shapes: readonly string[];
  ranges: readonly string[];
  seed: number;
  /** Image files and folders. */
  images: readonly string[];
  /** Images to use (with files: the first N, when `countGiven`). */
  count: number;
  countGiven: boolean;
  decode: DecodeOptions;
  /** Where CIFAR-10 comes from (our own models only). */
  load: LoadOptions;
  /** How image files become another image model's input (--resize, --mean…). */
  imageFlags: RecipeFlags;
}

export async function chooseInputs(model: ModelUnderTest, c: InputChoice): Promise<ParityInputs> {
  const { io } = model;
  const usesTensors = c.inputFiles.length > 0 || c.shapes.length > 0 || c.ranges.length > 0;
  if (c.images.length > 0 && usesTensors) throw new ToolError('give images or --input/--shape/--range tensors, not both');
  if (c.caseDir !== null && !usesTensors && c.images.length === 0) return inputsFromTestCase(c.caseDir, io);

  const imageFlagsGiven = Object.keys(c.imageFlags).length > 0;
  if (c.images.length > 0 && (!isLenetInterface(io) || imageFlagsGiven)) {
    const { input, recipe, description } = recipeForModel(io, c.imageFlags, model.path ?? 'the model');
    return imageFileInputs(c.images, { input, recipe, description, decode: c.decode, ...(c.countGiven ? { limit: c.count } : {}) });
  }
  if (imageFlagsGiven) throw new ToolError('--resize, --center-crop, --mean, --std, --scale, --layout and --bgr apply to image files; name some');
  if (c.images.length > 0 || (!usesTensors && isLenetInterface(io))) {
    const input = io.inputs[0]!.name;
    if (c.images.length > 0) return inputsFromFiles([...c.images], { decode: c.decode, input, ...(c.countGiven ? { limit: c.count } : {}) });
    const cifar = await inputsFromCifar({ count: c.count, seed: c.seed, load: c.load, input });
    return cifar ?? randomInputs(c.count, c.seed, 'no CIFAR-10 data configured (--data, $CIFAR10_DATA) or cached', input);
  }

  const given = await readInputFiles(c.inputFiles, io.inputs);
  const rest = io.inputs.filter((i) => !given.feeds.has(i.name));
  const shapes = parseShapeFlags(c.shapes, io.inputs);
  // Dims of the given tensors bind the symbolic dims the random ones share (e.g. batch).
  for (const [name, t] of given.feeds) if (!shapes.has(name)) shapes.set(name, [...t.dims]);
  const random = rest.length > 0 ? randomFeeds(rest, { shapes, ranges: parseRangeFlags(c.ranges, io.inputs), seed: c.seed, bindWith: io.inputs }) : null;
  const feeds = new Map([...given.feeds, ...(random?.feeds ?? [])]);
  const ordered = new Map(io.inputs.filter((i) => feeds.has(i.name)).map((i) => [i.name, feeds.get(i.name)!]));
  for (const name of feeds.keys()) if (!ordered.has(name)) ordered.set(name, feeds.get(name)!);
  checkFeeds(io.inputs, ordered, (name) => given.origins.get(name) ?? `random input "${name}"`);
  if (given.feeds.size === 0) return inputsFromTensors('random-tensors', ordered, random!.source);
  const files = [...given.origins.values()].join(', ');
  return inputsFromTensors('input-files', ordered, random ? `${files}; ${random.source}` : files);
}
