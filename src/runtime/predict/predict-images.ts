/**
 * predict's core: image files → one runtime → per image the class, probabilities and
 * logits. A file that cannot be read gets an error entry in its place; the rest run.
 */
import { basename, extname, join } from 'node:path';
import { argmax } from '../../util/argmax.js';
import { writeFileAtomic } from '../../util/atomic-file.js';
import { ensureDir } from '../../util/ensure-dir.js';
import { ToolError } from '../../util/errors.js';
import { labelsFor } from '../class-labels.js';
import { softmax, topK, type RankedClass } from '../classify.js';
import type { ModelUnderTest } from '../model-under-test.js';
import { expandImagePaths, forEachPrepared } from '../../image/preprocess-files.js';
import { encodePng, type DecodeOptions } from '../../image/index.js';
import type { ImageRecipe } from '../../image/image-recipe.js';
import { preprocessImageFor } from '../../image/preprocess-image.js';
import { recipeForModel } from '../image-recipes.js';
import { runBatches } from '../run-batches.js';
import type { Runtime, RuntimeContext } from '../runtime.js';

export interface Prediction {
  file: string;
  label: string;
  index: number;
  probabilities: number[];
  /** null when the model only outputs probabilities. */
  logits: number[] | null;
  /** The k most probable classes. */
  top: RankedClass[];
}

export type PredictEntry = Prediction | { file: string; error: string };

export interface PredictOptions {
  model: ModelUnderTest;
  modelName: string;
  runtime: Runtime;
  context: RuntimeContext;
  top: number;
  decode?: DecodeOptions;
  /** How files become the model's input (default: recipeForModel with no flags: LeNet's for our models). */
  recipe?: ImageRecipe;
  /** Class names (--labels FILE); default: the model's metadata. */
  labels?: readonly string[];
  /** Write each model-sized picture as DIR/<basename>.png. */
  savePreprocessed?: string;
}

export interface PredictResult {
  entries: PredictEntry[];
  provider: string;
  /** PNG files written by savePreprocessed, in input order. */
  saved: string[];
}

/** DIR/<name>.png, or DIR/<name>-2.png … when two inputs share a base name. */
function pngPathFor(dir: string, file: string, used: Set<string>): string {
  const stem = basename(file, extname(file));
  let candidate = `${stem}.png`;
  for (let n = 2; used.has(candidate); n++) candidate = `${stem}-${n}.png`;
  used.add(candidate);
  return join(dir, candidate);
}

function checkedLabels(labels: readonly string[], classes: number): string[] {
  if (labels.length !== classes) throw new ToolError(`--labels: ${labels.length} labels for a model with ${classes} classes`);
  return [...labels];
}

export async function predictImages(o: PredictOptions, paths: readonly string[]): Promise<PredictResult> {
  const files = await expandImagePaths(paths);
  if (files.length === 0) throw new ToolError(`no image files found in ${paths.join(', ')}`);
  const recipe = o.recipe ?? recipeForModel(o.model.io, {}, o.modelName).recipe;
  const opened = await o.runtime.open(o.model, o.context);
  if (!opened.available) throw new ToolError(`runtime ${o.runtime.name} is unavailable: ${opened.reason} (choose another with --runtime)`);
  const { session } = opened;
  try {
    const slots: (PredictEntry | null)[] = [];
    const readable: { slot: number; file: string }[] = [];
    const tensors: Float32Array[] = [];
    const saved: string[] = [];
    const usedNames = new Set<string>();
    if (o.savePreprocessed) ensureDir(o.savePreprocessed);
    await forEachPrepared(files, (file) => preprocessImageFor(file, recipe, o.decode), async (result) => {
      if (result.error !== undefined) {
        slots.push({ file: result.file, error: result.error });
        return;
      }
      readable.push({ slot: slots.length, file: result.file });
      slots.push(null);
      tensors.push(result.image.tensor);
      if (o.savePreprocessed) {
        const target = pngPathFor(o.savePreprocessed, result.file, usedNames);
        const { picture } = result.image;
        writeFileAtomic(target, await encodePng(picture.rgb, picture.width, picture.height));
        saved.push(target);
      }
    });

    if (readable.length > 0) {
      const perImage = recipe.width * recipe.height * recipe.channels;
      const input = new Float32Array(readable.length * perImage);
      tensors.forEach((t, i) => input.set(t, i * perImage));
      const rowDims = recipe.layout === 'NCHW' ? [recipe.channels, recipe.height, recipe.width] : [recipe.height, recipe.width, recipe.channels];
      const { values, classes } = await runBatches(session, input, readable.length, { io: o.model.io, rowDims });
      const labels = o.labels ? checkedLabels(o.labels, classes) : labelsFor(o.model.io, classes, o.modelName);
      const isLogits = o.model.io.compared.kind === 'logits';
      readable.forEach(({ slot, file }, i) => {
        const row = Array.from(values.subarray(i * classes, (i + 1) * classes));
        const probabilities = isLogits ? softmax(row) : row;
        const index = argmax(row);
        slots[slot] = { file, label: labels[index]!, index, probabilities, logits: isLogits ? row : null, top: topK(probabilities, labels, o.top) };
      });
    }
    return { entries: slots as PredictEntry[], provider: session.provider, saved };
  } finally {
    await session.close();
  }
}
