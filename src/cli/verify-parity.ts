/** `verify-parity [model.onnx] [images or folders...] [options]`: flags in, runParity() out. */
import { writeFileAtomic } from '../util/atomic-file.js';
import { dirname, extname } from 'node:path';
import { probeWritable } from '../util/ensure-dir.js';
import { ToolError, describeError } from '../util/errors.js';
import { asToolError } from '../util/fs-errors.js';
import { numberFlag, parseCommandLine } from './args.js';
import type { Tolerance } from '../runtime/parity/compare.js';
import { loadModelUnderTest, type ModelUnderTest } from '../runtime/model-under-test.js';
import { bisectFailures, type BisectEntry } from '../runtime/bisect/bisect-failures.js';
import { bisectJson, bisectSummary } from '../runtime/bisect/bisect-report.js';
import { writeOnnxTestDataSet } from '../runtime/parity/onnx-test-data-set.js';
import { loadOutputsFile, saveOutputsFile } from '../runtime/parity/outputs-file.js';
import { inputsFromCifar, inputsFromFiles, randomInputs, type ParityInputs } from '../runtime/parity/parity-inputs.js';
import { runParity, type ParityReference, type ParityResult } from '../runtime/parity/parity-run.js';
import { DEFAULT_REFERENCE_RUNTIME, describeRuntimes, findRuntime, selectRuntimes } from '../runtime/registry.js';
import { createRuntimeContext } from '../runtime/runtime-context.js';
import { parityHtml } from '../runtime/parity/report-html.js';
import { parityJson, stringifyReport } from '../runtime/parity/report-json.js';
import { parityMarkdown } from '../runtime/parity/report-markdown.js';
import { paritySummary } from '../runtime/parity/report-console.js';
import { DEFAULT_BATCH } from '../runtime/run-batches.js';

export const DEFAULT_MODEL = 'models/lenet.onnx';
const DEFAULT_COUNT = 1000;
/** Images held at once (12 KB of float32 each, plus every runtime's outputs): CIFAR-10's whole test set. */
const MAX_COUNT = 10_000;
const DEFAULT_TOLERANCE = 1e-5;
const PREPROCESSING = 'decode to RGB (EXIF orientation applied unless --ignore-exif), Pillow BILINEAR resize to 32x32, ToTensor (x/255), CHW, no normalisation';

export const HELP = `Usage: verify-parity [model.onnx] [images or folders...] [options]

Runs the same preprocessed images through every selected runtime and compares each
with the reference, value by value (Polygraphy's rule: a value fails only if it is
beyond atol AND beyond rtol x |reference|) and by top-1 class. A pair passes when no
value fails and no image changes its top-1 class.

Model and images
  model.onnx               the model to check                             [${DEFAULT_MODEL}]
  images or folders        image files, or folders searched recursively (sorted by path).
                           Without them: --count CIFAR-10 test images from the data
                           source, or seeded random images if there is no data (it says which).
  --count N                how many images, at most ${MAX_COUNT} (with files: the first N) [${DEFAULT_COUNT}]
  --seed N                 seed of the CIFAR-10 sample or the random images [0]
  --data PATH              CIFAR-10 data (folder or archive, as train-and-export --data).
                           Default: $CIFAR10_DATA, then the user cache; never downloads.
  --cache-dir DIR          decoded-data cache (default: user cache directory)
  --ignore-exif            keep the stored pixel order as torchvision does (default: upright per EXIF)
Runtimes
  --runtimes LIST          comma-separated runtime names, or "all"         [all]
  --reference NAME         the runtime every other is compared with        [${DEFAULT_REFERENCE_RUNTIME}]
  --reference-outputs F    compare every runtime with outputs saved in F (JSON, e.g. from
                           PyTorch) instead of a reference runtime
  --require LIST           runtimes whose failure fails the run (default: every selected one)
  --threads N              threads each runtime may use                    [all cores]
  --batch-size N           images per inference call                       [${DEFAULT_BATCH}]
Tolerances
  --atol X                 absolute tolerance                              [${DEFAULT_TOLERANCE}]
  --rtol X                 relative tolerance                              [${DEFAULT_TOLERANCE}]
  --tolerance NAME=A[,R]   a runtime's own atol A and rtol R (R defaults to A), e.g.
                           --tolerance engine-webgl2=1e-4; repeatable
Output
  --json                   print the result as JSON on stdout (progress stays on stderr)
  --report FILE            also write a report: FILE.md (Markdown) or FILE.html
  --save-outputs FILE      save the reference's outputs as JSON (the --reference-outputs format)
  --save-test-data DIR     write DIR/model.onnx and DIR/test_data_set_*/{input_0,output_*}.pb
                           (reference outputs) for ONNX's own test runners
  --quiet                  no progress lines
  --verbose                stack traces on errors
  -h, --help
Bisection
  --bisect                 for each runtime that fails: run a copy of the model with every
                           intermediate tensor as an output on it and on the reference (or
                           ort-node when the reference cannot name ONNX tensors), on the
                           images it got wrong, and name the first node beyond tolerance
  --bisect-dir DIR         also write that node as a minimal reproducer for bug reports:
                           DIR/<runtime>/model.onnx + test_data_set_0/ (implies --bisect)

Exit status: 0 pass; 1 a required runtime disagrees with the reference; 2 usage error,
unreadable input, or a required runtime that could not run.

Runtimes:
${describeRuntimes()}
`;

const OPTIONS = {
  count: { type: 'string' },
  seed: { type: 'string' },
  data: { type: 'string' },
  'cache-dir': { type: 'string' },
  'ignore-exif': { type: 'boolean' },
  runtimes: { type: 'string' },
  reference: { type: 'string' },
  'reference-outputs': { type: 'string' },
  require: { type: 'string' },
  threads: { type: 'string' },
  'batch-size': { type: 'string' },
  atol: { type: 'string' },
  rtol: { type: 'string' },
  tolerance: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  report: { type: 'string' },
  'save-outputs': { type: 'string' },
  'save-test-data': { type: 'string' },
  quiet: { type: 'boolean' },
  bisect: { type: 'boolean' },
  'bisect-dir': { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseCommandLine<typeof OPTIONS>>['values'];

/** `NAME=A` or `NAME=A,R` → per-runtime tolerances. */
export function parseToleranceOverrides(specs: readonly string[]): Map<string, Tolerance> {
  const overrides = new Map<string, Tolerance>();
  for (const spec of specs) {
    const match = /^([^=]+)=([^,]+)(?:,(.+))?$/.exec(spec);
    if (!match) throw new ToolError(`--tolerance ${spec}: expected NAME=ATOL or NAME=ATOL,RTOL`);
    const name = findRuntime(match[1]!.trim(), '--tolerance').name;
    const atol = numberFlag('tolerance', match[2]!, 0, { min: 0 });
    const rtol = match[3] === undefined ? atol : numberFlag('tolerance', match[3], 0, { min: 0 });
    overrides.set(name, { atol, rtol });
  }
  return overrides;
}

function reportWriter(path: string): (result: ParityResult) => string {
  const ext = extname(path).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return parityMarkdown;
  if (ext === '.html' || ext === '.htm') return parityHtml;
  throw new ToolError(`--report ${path}: the file must end in .md or .html`);
}

async function gatherInputs(images: string[], v: Values, log: (line: string) => void): Promise<ParityInputs> {
  const count = numberFlag('count', v.count, DEFAULT_COUNT, { integer: true, min: 1, max: MAX_COUNT });
  const seed = numberFlag('seed', v.seed, 0, { integer: true, min: 0 });
  const decode = v['ignore-exif'] ? { exifOrientation: 'ignore' as const } : {};
  if (images.length > 0) return inputsFromFiles(images, { decode, ...(v.count === undefined ? {} : { limit: count }) });
  const load = { ...(v.data === undefined ? {} : { data: v.data }), ...(v['cache-dir'] === undefined ? {} : { cacheDir: v['cache-dir'] }), log };
  const cifar = await inputsFromCifar({ count, seed, load });
  return cifar ?? randomInputs(count, seed, 'no CIFAR-10 data configured (--data, $CIFAR10_DATA) or cached');
}

async function loadModel(path: string, isDefault: boolean): Promise<ModelUnderTest> {
  try {
    return await loadModelUnderTest(path);
  } catch (error) {
    if (isDefault && error instanceof ToolError && /no such model file/.test(error.message)) {
      throw new ToolError(`${error.message} (the default; name a model, or make one with: train-and-export ${DEFAULT_MODEL})`);
    }
    throw error;
  }
}

function writeOutputs(v: Values, result: ParityResult, model: ModelUnderTest, log: (line: string) => void): void {
  const reference = result.runtimes[0]!;
  const saving = v['save-outputs'] !== undefined || v['save-test-data'] !== undefined;
  if (saving && !reference.outputs) throw new ToolError(`cannot save outputs: the reference ${reference.name} produced none`);
  if (v['save-outputs'] !== undefined) {
    saveOutputsFile(v['save-outputs'], {
      model: result.model,
      runtime: reference.name,
      provider: reference.provider ?? '',
      preprocessing: PREPROCESSING,
      images: result.inputs.names,
      kind: result.output.kind,
      values: reference.outputs!,
      classes: result.classes,
    });
    log(`saved ${reference.name}'s outputs to ${v['save-outputs']}`);
  }
  if (v['save-test-data'] !== undefined) {
    const dir = v['save-test-data'];
    const summary = writeOnnxTestDataSet(dir, model, result.inputs, { values: reference.outputs!, classes: result.classes });
    const leftOut = summary.imagesLeftOut ? `; ${summary.imagesLeftOut} images left out (the model's fixed batch does not divide them)` : '';
    log(`wrote ONNX test data to ${dir}: ${summary.dataSets} data set(s), ${summary.imagesWritten} images${leftOut}`);
  }
  if (v.report !== undefined) {
    writeFileAtomic(v.report, Buffer.from(reportWriter(v.report)(result)));
    log(`wrote report ${v.report}`);
  }
}

async function verify(argv: string[]): Promise<number> {
  const { values: v, positionals } = parseCommandLine('verify-parity', argv, OPTIONS);
  if (v.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const hasModel = positionals.length > 0 && positionals[0]!.toLowerCase().endsWith('.onnx');
  const modelPath = hasModel ? positionals[0]! : DEFAULT_MODEL;
  const images = hasModel ? positionals.slice(1) : positionals;

  // Every flag is checked before any slow work starts.
  const runtimes = selectRuntimes(v.runtimes ?? 'all');
  if (v['reference-outputs'] !== undefined && v.reference !== undefined) throw new ToolError('give --reference or --reference-outputs, not both');
  const referenceRuntime = v['reference-outputs'] === undefined ? findRuntime(v.reference ?? DEFAULT_REFERENCE_RUNTIME, '--reference') : null;
  const required = v.require === undefined ? null : new Set(selectRuntimes(v.require, '--require').map((r) => r.name));
  for (const name of required ?? []) {
    if (!runtimes.some((r) => r.name === name) && name !== referenceRuntime?.name) throw new ToolError(`--require ${name}: not among the runtimes being run (--runtimes)`);
  }
  const base: Tolerance = { atol: numberFlag('atol', v.atol, DEFAULT_TOLERANCE, { min: 0 }), rtol: numberFlag('rtol', v.rtol, DEFAULT_TOLERANCE, { min: 0 }) };
  const overrides = parseToleranceOverrides(v.tolerance ?? []);
  const threads = v.threads === undefined ? undefined : numberFlag('threads', v.threads, 1, { integer: true, min: 1, max: 256 });
  const batchSize = numberFlag('batch-size', v['batch-size'], DEFAULT_BATCH, { integer: true, min: 1, max: MAX_COUNT });
  numberFlag('count', v.count, DEFAULT_COUNT, { integer: true, min: 1, max: MAX_COUNT });
  if (v.report !== undefined) reportWriter(v.report);
  // Where results go is checked now, not after the run: a read-only or virtual folder fails here.
  for (const [flag, path] of [['report', v.report], ['save-outputs', v['save-outputs']]] as const) if (path !== undefined) probeWritable(dirname(path), `--${flag}`);
  for (const [flag, dir] of [['save-test-data', v['save-test-data']], ['bisect-dir', v['bisect-dir']]] as const) if (dir !== undefined) probeWritable(dir, `--${flag}`);

  const log = v.quiet ? () => {} : (line: string) => process.stderr.write(`verify-parity: ${line}\n`);
  const model = await loadModel(modelPath, !hasModel);
  const saved = v['reference-outputs'] === undefined ? null : await loadOutputsFile(v['reference-outputs']);
  const inputs = await gatherInputs(images, v, log);
  for (const bad of inputs.unreadable) process.stderr.write(`verify-parity: ${bad.error}\n`);
  if (inputs.count === 0) throw new ToolError('none of the images could be read');
  log(`comparing ${inputs.source}`);

  const reference: ParityReference = saved ? { saved, source: v['reference-outputs']! } : { runtime: referenceRuntime! };
  const context = createRuntimeContext({ ...(threads === undefined ? {} : { threads }), log });
  let result: ParityResult;
  let bisect: BisectEntry[] | null = null;
  try {
    result = await runParity({
      model,
      modelName: modelPath,
      inputs,
      runtimes,
      reference,
      tolerance: (name) => overrides.get(name) ?? base,
      require: required,
      context,
      batchSize,
    });
    if (v.bisect || v['bisect-dir'] !== undefined) {
      // Before closeShared: bisection reuses the browser the parity run started.
      const fallback = findRuntime('ort-node');
      bisect = await bisectFailures({
        result,
        model,
        tensors: inputs.tensors,
        runtimes,
        references: referenceRuntime && referenceRuntime.name !== fallback.name ? [referenceRuntime, fallback] : [fallback],
        context,
        reproducerDir: v['bisect-dir'] ?? null,
      });
    }
  } finally {
    await context.closeShared();
  }
  writeOutputs(v, result, model, log);
  const json = bisect ? { ...parityJson(result), bisect: bisectJson(bisect, result.inputs.names) } : parityJson(result);
  process.stdout.write(v.json ? `${stringifyReport(json)}\n` : paritySummary(result) + bisectSummary(bisect ?? []));
  return result.exitCode;
}

/** Exit 1 means "runtimes disagree", so any unexpected failure must exit 2 instead. */
export async function main(argv: string[]): Promise<number> {
  try {
    return await verify(argv);
  } catch (error) {
    const named = asToolError(error);
    if (named instanceof ToolError) throw named;
    const wrapped = new ToolError(describeError(error));
    if (error instanceof Error && error.stack) wrapped.stack = error.stack;
    throw wrapped;
  }
}
