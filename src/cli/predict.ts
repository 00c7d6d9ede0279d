/** `predict <model.onnx> <images or folders...> [options]`: flags in, predictImages() out. */
import { ToolError } from '../util/errors.js';
import { numberFlag, parseCommandLine } from './args.js';
import { loadModelUnderTest } from '../runtime/model-under-test.js';
import { predictImages, type PredictEntry, type Prediction } from '../runtime/predict/predict-images.js';
import { DEFAULT_PREDICT_RUNTIME, describeRuntimes, findRuntime } from '../runtime/registry.js';
import { createRuntimeContext } from '../runtime/runtime-context.js';
import { recipeForModel } from '../runtime/image-recipes.js';
import { IMAGE_FLAG_HELP, IMAGE_FLAG_OPTIONS, parseImageFlags, readLabelsFile } from './image-flags.js';

export const HELP = `Usage: predict <model.onnx> <images or folders...> [options]

Classifies images with any ONNX image classifier (one image input [N,C,H,W] or
[N,H,W,C], C = 1 or 3; an output [N, classes]): each image is decoded, resized exactly
as torchvision's Resize on a PIL image (to the model's size, or --resize/--center-crop),
turned into a tensor like ToTensor (+ Normalize with --mean/--std), and run on one
runtime. Folders are searched recursively, in sorted path order. Labels come from
--labels, else the model's metadata, else CIFAR-10's for our own 10-class models,
else class_<i>.

  --runtime NAME           where to run it                                  [${DEFAULT_PREDICT_RUNTIME}]
  --top K                  classes shown per image                          [3]
  --json                   print a JSON array, in input order, of
                           {file, label, index, probabilities, logits} ({file, error} for
                           an image that could not be read)
  --labels FILE            class names: a JSON array, or one per line
  --save-preprocessed DIR  write the model-sized RGB image the model saw as DIR/<name>.png
${IMAGE_FLAG_HELP}
  --ignore-exif            keep the stored pixel order as torchvision does (default: upright per EXIF)
  --threads N              threads the runtime may use                      [all cores]
  --verbose                stack traces on errors
  -h, --help

Exit status: 0 all images classified; 2 usage error, a missing or unusable model, an
unavailable runtime, or at least one unreadable image (the others are still classified).

Runtimes:
${describeRuntimes()}
`;

const OPTIONS = {
  runtime: { type: 'string' },
  top: { type: 'string' },
  json: { type: 'boolean' },
  'save-preprocessed': { type: 'string' },
  labels: { type: 'string' },
  ...IMAGE_FLAG_OPTIONS,
  'ignore-exif': { type: 'boolean' },
  threads: { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function humanLine(entry: Prediction, width: number): string {
  const top = entry.top.map((c) => `${c.label} ${(100 * c.probability).toFixed(1)}%`).join(', ');
  return `${entry.file.padEnd(width)}  ${top}`;
}

function jsonEntry(entry: PredictEntry): object {
  if ('error' in entry) return { file: entry.file, error: entry.error };
  return { file: entry.file, label: entry.label, index: entry.index, probabilities: entry.probabilities, logits: entry.logits };
}

export async function main(argv: string[]): Promise<number> {
  const { values: v, positionals } = parseCommandLine('predict', argv, OPTIONS);
  if (v.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length < 2) throw new ToolError('expected a model and at least one image or folder, e.g. predict models/lenet.onnx photo.jpg (see --help)');
  const [modelPath, ...paths] = positionals as [string, ...string[]];
  const runtime = findRuntime(v.runtime ?? DEFAULT_PREDICT_RUNTIME);
  const top = numberFlag('top', v.top, 3, { integer: true, min: 1 });
  const threads = v.threads === undefined ? undefined : numberFlag('threads', v.threads, 1, { integer: true, min: 1, max: 256 });

  const imageFlags = parseImageFlags(v);
  const labels = v.labels === undefined ? undefined : readLabelsFile(v.labels);
  const model = await loadModelUnderTest(modelPath);
  const { recipe } = recipeForModel(model.io, imageFlags, modelPath);
  const context = createRuntimeContext({ ...(threads === undefined ? {} : { threads }), log: (line) => process.stderr.write(`predict: ${line}\n`) });
  let result;
  try {
    result = await predictImages(
      {
        model,
        modelName: modelPath,
        runtime,
        context,
        top,
        recipe,
        ...(labels ? { labels } : {}),
        ...(v['ignore-exif'] ? { decode: { exifOrientation: 'ignore' as const } } : {}),
        ...(v['save-preprocessed'] === undefined ? {} : { savePreprocessed: v['save-preprocessed'] }),
      },
      paths,
    );
  } finally {
    await context.closeShared();
  }

  const failed = result.entries.filter((e) => 'error' in e);
  if (v.json) {
    process.stdout.write(`${JSON.stringify(result.entries.map(jsonEntry), null, 2)}\n`);
    for (const f of failed) if ('error' in f) process.stderr.write(`predict: ${f.error}\n`);
  } else {
    // In input order; an unreadable file's line goes to stderr, where errors belong.
    const width = Math.max(...result.entries.map((e) => e.file.length));
    for (const e of result.entries) {
      if ('error' in e) process.stderr.write(`predict: ${e.error}\n`);
      else process.stdout.write(`${humanLine(e, width)}\n`);
    }
  }
  if (result.saved.length > 0) process.stderr.write(`predict: wrote ${result.saved.length} preprocessed image(s) to ${v['save-preprocessed']}\n`);
  return failed.length > 0 ? 2 : 0;
}
