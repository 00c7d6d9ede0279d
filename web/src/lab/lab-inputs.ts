/**
 * The inputs of a lab run, chosen as verify-parity chooses them: the test case's data
 * sets (with their expected outputs), image files for an image model, or seeded random
 * tensors for every input from the
 * form's shapes and ranges — the CLI's `--shape NAME=…`, `--range NAME=LO,HI` and
 * `--seed`, parsed by the CLI's own code, so the same settings give the same tensors.
 */
import { checkFeeds } from '../../../src/runtime/parity/feed-check.js';
import { inputsFromTensors, type ParityInputs } from '../../../src/runtime/parity/parity-inputs.js';
import { parseRangeFlags, parseShapeFlags, randomFeeds } from '../../../src/runtime/parity/random-feeds.js';
import { inputsFromDataSets } from '../../../src/runtime/parity/test-case-inputs.js';
import { fitImage, imageTensor } from '../../../src/image/image-recipe.js';
import { recipeForModel, type RecipeFlags } from '../../../src/runtime/image-recipes.js';
import { describeError } from '../../../src/util/errors.js';
import { decodeImageFile } from '../classify/decode-image.js';
import type { LabCase } from './lab-case.js';

export interface RandomChoice {
  /** Input name → "D0,D1,…" as typed (empty: the declared dims, a leading symbolic one as 1). */
  shapes: ReadonlyMap<string, string>;
  /** Input name → "LO,HI" as typed (empty: floats in [0, 1); integers must have one). */
  ranges: ReadonlyMap<string, string>;
  seed: number;
}

export type InputChoice = { kind: 'test-case' } | ({ kind: 'random' } & RandomChoice) | { kind: 'images'; files: File[]; flags: RecipeFlags };

const specs = (values: ReadonlyMap<string, string>) => [...values].filter(([, text]) => text.trim() !== '').map(([name, text]) => `${name}=${text.trim()}`);

/** The folder the model came in, as reports name a test case (`mobilenet_v2`). */
export function caseFolder(c: LabCase): string {
  const at = c.name.lastIndexOf('/');
  return at > 0 ? c.name.slice(0, at) : '.';
}

/**
 * Image files as the model's image input, by the CLI's recipe (--resize, --center-crop,
 * --mean, --std, --scale, --layout, --bgr, and our models' metadata): decoded by the
 * browser, then the very resize, crop and tensor code verify-parity and predict use.
 */
async function imageInputs(c: LabCase, files: readonly File[], flags: RecipeFlags): Promise<ParityInputs> {
  if (files.length === 0) throw new Error('choose one or more image files');
  const { input, recipe, description } = recipeForModel(c.model.io, flags, c.name);
  const rowDims = recipe.layout === 'NCHW' ? [recipe.channels, recipe.height, recipe.width] : [recipe.height, recipe.width, recipe.channels];
  const perImage = recipe.width * recipe.height * recipe.channels;
  const data = new Float32Array(files.length * perImage);
  for (const [i, file] of files.entries()) {
    let tensor: Float32Array;
    try {
      tensor = imageTensor(fitImage(await decodeImageFile(file), recipe), recipe);
    } catch (error) {
      throw new Error(`${file.name}: cannot be decoded by this browser (${describeError(error)})`);
    }
    data.set(tensor, i * perImage);
  }
  const feeds = new Map([[input, { type: 'float32' as const, dims: [files.length, ...rowDims], data }]]);
  const names = files.map((f) => f.name);
  return { kind: 'files', source: `${files.length} image file${files.length === 1 ? '' : 's'} (${description})`, names, count: files.length, sets: [{ name: null, start: 0, rows: files.length, feeds, expected: null }], truth: null, unreadable: [] };
}

export async function labInputs(c: LabCase, choice: InputChoice): Promise<ParityInputs> {
  const { io } = c.model;
  if (choice.kind === 'images') return imageInputs(c, choice.files, choice.flags);
  if (choice.kind === 'test-case') {
    if (c.dataSets.length === 0) throw new Error(`${c.name}: no test_data_set_N folders came with the model`);
    return inputsFromDataSets(c.dataSets, io, caseFolder(c));
  }
  const random = randomFeeds(io.inputs, { shapes: parseShapeFlags(specs(choice.shapes), io.inputs), ranges: parseRangeFlags(specs(choice.ranges), io.inputs), seed: choice.seed });
  checkFeeds(io.inputs, random.feeds, (name) => `random input "${name}"`);
  return inputsFromTensors('random-tensors', random.feeds, random.source);
}
