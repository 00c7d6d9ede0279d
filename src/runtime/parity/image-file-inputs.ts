/**
 * Image files as the inputs of any image model, streamed: each batch of files is
 * decoded and preprocessed (image-recipe.ts) only when the run reaches it, so a
 * thousand 224x224 images never sit in memory at once.
 */
import { expandImagePaths, forEachPrepared } from '../../image/preprocess-files.js';
import type { DecodeOptions } from '../../image/index.js';
import type { ImageRecipe } from '../../image/image-recipe.js';
import { preprocessImageFor } from '../../image/preprocess-image.js';
import { ToolError } from '../../util/errors.js';
import type { InputSet, ParityInputs } from './parity-inputs.js';

export async function imageFileInputs(
  paths: readonly string[],
  o: { input: string; recipe: ImageRecipe; description: string; decode: DecodeOptions; limit?: number },
): Promise<ParityInputs> {
  let files = await expandImagePaths(paths);
  if (files.length === 0) throw new ToolError(`no image files found in ${paths.join(', ')}`);
  if (o.limit !== undefined) files = files.slice(0, o.limit);
  const { recipe } = o;
  const rowDims = recipe.layout === 'NCHW' ? [recipe.channels, recipe.height, recipe.width] : [recipe.height, recipe.width, recipe.channels];
  const perImage = recipe.width * recipe.height * recipe.channels;
  const what = `${files.length} image file${files.length === 1 ? '' : 's'} from ${paths.join(', ')} (${o.description})`;
  const inputs: ParityInputs = { kind: 'files', source: what, names: [], count: files.length, sets: [], truth: null, unreadable: [] };
  inputs.stream = async function* (maxRows: number): AsyncGenerator<InputSet> {
    inputs.names.length = 0;
    inputs.unreadable.length = 0;
    for (let from = 0; from < files.length; from += maxRows) {
      const tensors: Float32Array[] = [];
      const start = inputs.names.length;
      await forEachPrepared(files.slice(from, from + maxRows), (file) => preprocessImageFor(file, recipe, o.decode), (result) => {
        if (result.error !== undefined) {
          inputs.unreadable.push({ file: result.file, error: result.error });
          return;
        }
        tensors.push(result.image.tensor);
        inputs.names.push(result.file);
      });
      if (tensors.length === 0) continue;
      const data = new Float32Array(tensors.length * perImage);
      tensors.forEach((t, i) => data.set(t, i * perImage));
      yield { name: null, start, rows: tensors.length, feeds: new Map([[o.input, { type: 'float32', dims: [tensors.length, ...rowDims], data }]]), expected: null };
    }
    inputs.count = inputs.names.length;
    if (inputs.unreadable.length > 0) inputs.source = `${what} (${inputs.unreadable.length} unreadable)`;
  };
  return inputs;
}
