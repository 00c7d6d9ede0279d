/**
 * predict's core: image files → one runtime → per image the class, probabilities and
 * logits. A file that cannot be read gets an error entry in its place; the rest run.
 */
import { basename, extname, join } from 'node:path';
import { argmax } from '../../util/argmax.js';
import { writeFileAtomic } from '../../util/atomic-file.js';
import { ensureDir } from '../../util/ensure-dir.js';
import { ToolError } from '../../util/errors.js';
import { classLabels } from '../class-labels.js';
import { softmax, topK, type RankedClass } from '../classify.js';
import type { ModelUnderTest } from '../model-under-test.js';
import { expandImagePaths, forEachPreprocessed } from '../../image/preprocess-files.js';
import { encodePng, type DecodeOptions } from '../../image/index.js';
import { IMAGE_VALUES, runBatches } from '../run-batches.js';
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
  /** Write each 32×32 model input as DIR/<basename>.png. */
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

export async function predictImages(o: PredictOptions, paths: readonly string[]): Promise<PredictResult> {
  const files = await expandImagePaths(paths);
  if (files.length === 0) throw new ToolError(`no image files found in ${paths.join(', ')}`);
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
    await forEachPreprocessed(files, o.decode ?? {}, async (result) => {
      if (result.error !== undefined) {
        slots.push({ file: result.file, error: result.error });
        return;
      }
      readable.push({ slot: slots.length, file: result.file });
      slots.push(null);
      tensors.push(result.image.tensor);
      if (o.savePreprocessed) {
        const target = pngPathFor(o.savePreprocessed, result.file, usedNames);
        writeFileAtomic(target, await encodePng(result.image.rgb32, 32, 32));
        saved.push(target);
      }
    });

    if (readable.length > 0) {
      const input = new Float32Array(readable.length * IMAGE_VALUES);
      tensors.forEach((t, i) => input.set(t, i * IMAGE_VALUES));
      const { values, classes } = await runBatches(session, input, readable.length, { io: o.model.io });
      const labels = classLabels(o.model.io.metadata, classes, o.modelName);
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
