/** `verify-parity [model.onnx | CASE_DIR] [images or folders...] [options]`: flags in, runParity() out. */
import { writeFileAtomic } from '../util/atomic-file.js';
import { dirname, extname, join } from 'node:path';
import { probeWritable } from '../util/ensure-dir.js';
import { ToolError, describeError } from '../util/errors.js';
import { asToolError } from '../util/fs-errors.js';
import { numberFlag, parseCommandLine } from './args.js';
import { mergeCommand } from './verify-parity-merge.js';
import { IMAGE_FLAG_HELP, IMAGE_FLAG_OPTIONS, parseImageFlags } from './image-flags.js';
import type { Tolerance } from '../runtime/parity/compare.js';
import { loadModelUnderTest, type ModelUnderTest } from '../runtime/model-under-test.js';
import { bisectFailures, type BisectEntry } from '../runtime/bisect/bisect-failures.js';
import { bisectJson, bisectSummary } from '../runtime/bisect/bisect-report.js';
import { TestCaseWriter, writeOnnxTestDataSet } from '../runtime/parity/onnx-test-data-set.js';
import { loadOutputsFile, saveOutputsFile } from '../runtime/parity/outputs-file.js';
import { chooseInputs } from '../runtime/parity/choose-inputs.js';
import { parseInputFlags } from '../runtime/parity/input-files.js';
import type { ParityInputs } from '../runtime/parity/parity-inputs.js';
import { EXPECTED_REFERENCE, runParity, type ParityReference, type ParityResult } from '../runtime/parity/parity-run.js';
import { isTestCaseFolder, TEST_CASE_MODEL } from '../runtime/parity/test-case-inputs.js';
import { isLenetInterface } from '../runtime/model-io.js';
import { concatRows, DEFAULT_BATCH } from '../runtime/run-batches.js';
import type { HostTensor } from '../graph/host-tensor.js';
import { DEFAULT_REFERENCE_RUNTIME, describeRuntimes, findRuntime, selectRuntimes } from '../runtime/registry.js';
import { createRuntimeContext } from '../runtime/runtime-context.js';
import { parityHtml } from '../runtime/parity/report-html.js';
import { parityJson, stringifyReport } from '../runtime/parity/report-json.js';
import { parityMarkdown } from '../runtime/parity/report-markdown.js';
import { paritySummary } from '../runtime/parity/report-console.js';
import { DEFAULT_CASE_TIMEOUT_S, onnxTestsCommand } from './onnx-tests-command.js';

export const DEFAULT_MODEL = 'models/lenet.onnx';
const DEFAULT_COUNT = 1000;
/** Images held at once (12 KB of float32 each, plus every runtime's outputs): CIFAR-10's whole test set. */
const MAX_COUNT = 10_000;
const DEFAULT_TOLERANCE = 1e-5;
const PREPROCESSING = 'decode to RGB (EXIF orientation applied unless --ignore-exif), Pillow BILINEAR resize to 32x32, ToTensor (x/255), CHW, no normalisation';

export const HELP = `Usage: verify-parity [model.onnx | CASE_DIR] [images or folders...] [options]

Runs the same inputs through every selected runtime and compares every output of each
with the reference's, value by value: floats with Polygraphy's rule (a value fails only
if it is beyond atol AND beyond rtol x |reference|; NaN and Inf must sit at the same
places), integers and bool exactly, shapes must match; outputs shaped [N, classes] also
by top-1 class. A runtime passes when every output passes.

Model and inputs (the report says which were used)
  model.onnx               the model to check                             [${DEFAULT_MODEL}]
  CASE_DIR                 an ONNX test case folder: model.onnx + test_data_set_*/input_K.pb
                           (+ output_K.pb: the expected outputs, then the default reference)
  --input NAME=FILE        a graph input's values: .npy (numpy.save), .pb (TensorProto) or
                           .json ({"type","dims","data"} or nested arrays); repeatable.
                           Inputs not given get seeded random values.
  --shape NAME=D0,D1,...   bind an input's dynamic dims for random values (a leading batch
                           dim defaults to 1; other unbound dims are an error that lists them)
  --range NAME=LO,HI       random values in [LO, HI) (floats default to [0, 1); integer
                           inputs such as token ids need it)
  --seed N                 seed of the random values, CIFAR-10 sample or random images [0]
  --top1 OUTPUT            also compare OUTPUT's top-1 per row (automatic for [N, classes])
  images or folders        image files, or folders searched recursively (sorted by path),
                           for any model with one image input ([N,C,H,W] or [N,H,W,C],
                           C = 1 or 3), decoded and resized as torchvision does on PIL
                           images. Our own [N,3,32,32] models without inputs get --count
                           CIFAR-10 test images, or seeded random images if there is no data.
  --count N                how many images, at most ${MAX_COUNT} (with files: the first N) [${DEFAULT_COUNT}]
  --data PATH              CIFAR-10 data (folder or archive, as train-and-export --data).
                           Default: $CIFAR10_DATA, then the user cache; never downloads.
  --cache-dir DIR          decoded-data cache (default: user cache directory)
  --ignore-exif            keep the stored pixel order as torchvision does (default: upright per EXIF)
${IMAGE_FLAG_HELP}
Runtimes
  --runtimes LIST          comma-separated runtime names, or "all"         [all]
  --reference NAME         what every other runtime is compared with: a runtime, or
                           "expected" (a test case's outputs; the default when it has them).
                           Default otherwise: ${DEFAULT_REFERENCE_RUNTIME} for our own models, ort-node for others
  --reference-outputs F    compare every runtime with classifier outputs saved in F (JSON,
                           e.g. from PyTorch) instead of a reference runtime
  --require LIST           runtimes whose failure fails the run (default: every selected
                           one; for models other than ours, the engine runtimes are reported
                           but not required unless named here)
  --threads N              threads each runtime may use                    [all cores]
  --batch N                rows (images, sequences) per inference call; inputs stream
                           through in batches, so memory stays bounded [what fits 64 MB, at most ${DEFAULT_BATCH}]
  --batch-size N           the same as --batch
Tolerances
  --atol X                 absolute tolerance                              [${DEFAULT_TOLERANCE}]
  --rtol X                 relative tolerance                              [${DEFAULT_TOLERANCE}]
  --tolerance NAME=A[,R]   a runtime's own atol A and rtol R (R defaults to A), e.g.
                           --tolerance engine-webgl2=1e-4; repeatable
Output
  --json                   print the result as JSON on stdout (progress stays on stderr)
  --report FILE            also write a report: FILE.md (Markdown) or FILE.html
  --save-outputs FILE      save the reference's classifier outputs as JSON (the
                           --reference-outputs format; our [N,3,32,32] classifiers)
  --save-test-data DIR     write DIR/model.onnx and DIR/test_data_set_*/{input_K,output_K}.pb
                           (the inputs and the reference's outputs) for ONNX's own test
                           runners, or to replay with verify-parity DIR
  --quiet                  no progress lines
  --verbose                stack traces on errors
  -h, --help
Conformance
  --onnx-tests DIR         run every ONNX test case under DIR (folders holding model.onnx +
                           test_data_set_N/, searched recursively; repeatable) on each
                           runtime against its expected outputs, with ONNX's backend-test
                           tolerances (--atol 1e-7, --rtol 1e-3 unless given); report per
                           runtime passed / failed (first differing element) / could not
                           run (the reason), and a table per op type (--json, --report)
  --case-timeout S         seconds each step of one case may take on one runtime  [${DEFAULT_CASE_TIMEOUT_S}]
Bisection
  --bisect                 for each runtime that fails: run a copy of the model with every
                           intermediate tensor as an output on it and on the reference (or
                           ort-node when the reference cannot name ONNX tensors), on the
                           rows it got wrong, and name the first node (in topological
                           order) beyond tolerance, with its op type and its inputs' diffs
  --bisect-dir DIR         also write that node as a minimal reproducer for bug reports:
                           DIR/<runtime>/model.onnx + test_data_set_0/ (implies --bisect)
Several devices
  --merge A.json B.json …  print results saved with --json (or downloaded from the web lab,
                           which adds the browser and its GPU adapters) side by side: one row
                           per runtime and output, one column per file (--json: as JSON);
                           exit 1 when a comparison in any file failed

Exit status: 0 pass; 1 a required runtime disagrees with the reference; 2 usage error,
unreadable input, or a required runtime that could not run.

Runtimes:
${describeRuntimes()}
`;

const OPTIONS = {
  merge: { type: 'boolean' },
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
  batch: { type: 'string' },
  input: { type: 'string', multiple: true },
  shape: { type: 'string', multiple: true },
  range: { type: 'string', multiple: true },
  top1: { type: 'string', multiple: true },
  ...IMAGE_FLAG_OPTIONS,
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
  'onnx-tests': { type: 'string', multiple: true },
  'case-timeout': { type: 'string' },
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

/** The reference's classifier rows, gathered while the run streams (only when something is saved). */
class ReferenceRows {
  private readonly parts: HostTensor[] = [];
  constructor(private readonly output: string) {}
  add(outputs: ReadonlyMap<string, HostTensor>): void {
    const t = outputs.get(this.output);
    if (t) this.parts.push(t);
  }
  values(): Float32Array | null {
    if (this.parts.length === 0) return null;
    const all = concatRows(this.parts);
    return all.type === 'float32' ? (all.data as Float32Array) : null;
  }
}

function writeOutputs(v: Values, result: ParityResult, model: ModelUnderTest, rows: ReferenceRows | null, testCase: TestCaseWriter | null, log: (line: string) => void): void {
  const reference = result.runtimes[0]!;
  const values = rows?.values() ?? null;
  if (rows && (!values || result.classes === 0)) throw new ToolError(`cannot save outputs: the reference ${reference.name} produced no classifier outputs`);
  if (v['save-outputs'] !== undefined) {
    saveOutputsFile(v['save-outputs'], {
      model: result.model,
      runtime: reference.name,
      provider: reference.provider ?? '',
      preprocessing: PREPROCESSING,
      images: result.inputs.names,
      kind: result.output.kind,
      values: values!,
      classes: result.classes,
    });
    log(`saved ${reference.name}'s outputs to ${v['save-outputs']}`);
  }
  if (v['save-test-data'] !== undefined) {
    const dir = v['save-test-data'];
    const summary = testCase ? testCase.summary() : writeOnnxTestDataSet(dir, model, result.inputs, { values: values!, classes: result.classes });
    const leftOut = summary.imagesLeftOut ? `; ${summary.imagesLeftOut} images left out (the model's fixed batch does not divide them)` : '';
    log(`wrote ONNX test data to ${dir}: ${summary.dataSets} data set(s), ${summary.imagesWritten} images${leftOut}`);
  }
  if (v.report !== undefined) {
    writeFileAtomic(v.report, Buffer.from(reportWriter(v.report)(result)));
    log(`wrote report ${v.report}`);
  }
}

/** The model (a file, or a test case folder's model.onnx) and, for a folder, the folder. */
async function modelArgument(positionals: readonly string[]): Promise<{ modelPath: string; caseDir: string | null; images: string[]; isDefault: boolean }> {
  const first = positionals[0];
  if (first !== undefined && (await isTestCaseFolder(first))) return { modelPath: join(first, TEST_CASE_MODEL), caseDir: first, images: positionals.slice(1), isDefault: false };
  const hasModel = first !== undefined && first.toLowerCase().endsWith('.onnx');
  return { modelPath: hasModel ? first : DEFAULT_MODEL, caseDir: null, images: hasModel ? positionals.slice(1) : [...positionals], isDefault: !hasModel };
}

function defaultReference(model: ModelUnderTest, inputs: ParityInputs): string {
  if (inputs.sets.some((s) => s.expected)) return EXPECTED_REFERENCE;
  return isLenetInterface(model.io) ? DEFAULT_REFERENCE_RUNTIME : 'ort-node';
}

async function verify(argv: string[]): Promise<number> {
  const { values: v, positionals } = parseCommandLine('verify-parity', argv, OPTIONS);
  if (v.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (v.merge) {
    const stray = Object.keys(v).filter((k) => !['merge', 'json', 'quiet', 'verbose'].includes(k) && v[k as keyof typeof v] !== undefined);
    if (stray.length > 0) throw new ToolError(`--merge prints saved results; ${stray.map((k) => `--${k}`).join(', ')} do${stray.length === 1 ? 'es' : ''} not apply to it`);
    return mergeCommand(positionals, v.json === true, (text) => process.stdout.write(text));
  }
  if (v['onnx-tests'] !== undefined) {
    if (positionals.length > 0) throw new ToolError(`--onnx-tests: give folders with --onnx-tests, not as arguments (${positionals[0]})`);
    return onnxTestsCommand({ dirs: v['onnx-tests'], runtimes: v.runtimes, atol: v.atol, rtol: v.rtol, threads: v.threads, timeout: v['case-timeout'], json: v.json, report: v.report, quiet: v.quiet });
  }
  if (v['case-timeout'] !== undefined) throw new ToolError('--case-timeout: only with --onnx-tests');
  const { modelPath, caseDir, images, isDefault } = await modelArgument(positionals);

  // Every flag is checked before any slow work starts.
  const runtimes = selectRuntimes(v.runtimes ?? 'all');
  if (v['reference-outputs'] !== undefined && v.reference !== undefined) throw new ToolError('give --reference or --reference-outputs, not both');
  const namedReference = v.reference === undefined || v.reference === EXPECTED_REFERENCE ? null : findRuntime(v.reference, '--reference');
  const required = v.require === undefined ? null : new Set(selectRuntimes(v.require, '--require').map((r) => r.name));
  for (const name of required ?? []) {
    if (!runtimes.some((r) => r.name === name) && name !== namedReference?.name) throw new ToolError(`--require ${name}: not among the runtimes being run (--runtimes)`);
  }
  const base: Tolerance = { atol: numberFlag('atol', v.atol, DEFAULT_TOLERANCE, { min: 0 }), rtol: numberFlag('rtol', v.rtol, DEFAULT_TOLERANCE, { min: 0 }) };
  const overrides = parseToleranceOverrides(v.tolerance ?? []);
  const threads = v.threads === undefined ? undefined : numberFlag('threads', v.threads, 1, { integer: true, min: 1, max: 256 });
  if (v.batch !== undefined && v['batch-size'] !== undefined) throw new ToolError('give --batch or --batch-size, not both');
  const batchFlag = v.batch !== undefined ? 'batch' : 'batch-size';
  const batchRaw = v.batch ?? v['batch-size'];
  const batchSize = batchRaw === undefined ? undefined : numberFlag(batchFlag, batchRaw, DEFAULT_BATCH, { integer: true, min: 1, max: MAX_COUNT });
  const count = numberFlag('count', v.count, DEFAULT_COUNT, { integer: true, min: 1, max: MAX_COUNT });
  const seed = numberFlag('seed', v.seed, 0, { integer: true, min: 0 });
  const inputFiles = parseInputFlags(v.input ?? []);
  const imageFlags = parseImageFlags(v);
  if (v.report !== undefined) reportWriter(v.report);
  // Where results go is checked now, not after the run: a read-only or virtual folder fails here.
  for (const [flag, path] of [['report', v.report], ['save-outputs', v['save-outputs']]] as const) if (path !== undefined) probeWritable(dirname(path), `--${flag}`);
  for (const [flag, dir] of [['save-test-data', v['save-test-data']], ['bisect-dir', v['bisect-dir']]] as const) if (dir !== undefined) probeWritable(dir, `--${flag}`);

  const log = v.quiet ? () => {} : (line: string) => process.stderr.write(`verify-parity: ${line}\n`);
  const model = await loadModel(modelPath, isDefault);
  const saved = v['reference-outputs'] === undefined ? null : await loadOutputsFile(v['reference-outputs']);
  const inputs = await chooseInputs(model, {
    caseDir,
    inputFiles,
    shapes: v.shape ?? [],
    ranges: v.range ?? [],
    seed,
    images,
    count,
    countGiven: v.count !== undefined,
    decode: v['ignore-exif'] ? { exifOrientation: 'ignore' as const } : {},
    load: { ...(v.data === undefined ? {} : { data: v.data }), ...(v['cache-dir'] === undefined ? {} : { cacheDir: v['cache-dir'] }), log },
    imageFlags,
  });
  // Streamed image files are read during the run: theirs are named after it.
  const nameUnreadable = () => {
    for (const bad of inputs.unreadable) process.stderr.write(`verify-parity: ${bad.error}\n`);
  };
  if (!inputs.stream) nameUnreadable();
  if (inputs.count === 0) throw new ToolError('none of the images could be read');
  log(`comparing ${inputs.source}`);

  const referenceName = v.reference ?? defaultReference(model, inputs);
  const referenceRuntime = saved || referenceName === EXPECTED_REFERENCE ? null : findRuntime(referenceName, '--reference');
  const reference: ParityReference = saved ? { saved, source: v['reference-outputs']! } : referenceRuntime ? { runtime: referenceRuntime } : { expected: true };
  // Our engine runs only what its readers and kernels cover: for other models it is
  // reported, and required only when named.
  const require = required ?? (isLenetInterface(model.io) || v.runtimes !== undefined ? null : new Set(runtimes.filter((r) => !r.name.startsWith('engine-')).map((r) => r.name)));
  // Our classifiers save as they always did (one data set of every image); any other
  // model's test data is written batch by batch, as the reference answers.
  const lenet = isLenetInterface(model.io);
  if (v['save-outputs'] !== undefined && !lenet) throw new ToolError(`--save-outputs saves an image classifier's rows (one [N,3,32,32] input, like ours); for ${modelPath} use --save-test-data DIR`);
  const saving = lenet && (v['save-outputs'] !== undefined || v['save-test-data'] !== undefined);
  const rows = saving ? new ReferenceRows(model.io.compared.name) : null;
  const testCase = !lenet && v['save-test-data'] !== undefined ? new TestCaseWriter(v['save-test-data'], model) : null;
  const context = createRuntimeContext({ ...(threads === undefined ? {} : { threads }), log });
  let result: ParityResult;
  let bisect: BisectEntry[] | null = null;
  try {
    result = await runParity({
      model,
      modelName: caseDir ?? modelPath,
      inputs,
      runtimes,
      reference,
      tolerance: (name) => overrides.get(name) ?? base,
      require,
      context,
      ...(batchSize === undefined ? {} : { batchSize }),
      top1: v.top1 ?? [],
      onReference: (batch, outputs) => {
        rows?.add(outputs);
        testCase?.add(batch.feeds, outputs, batch.rows);
      },
    });
    if (v.bisect || v['bisect-dir'] !== undefined) {
      // Before closeShared: bisection reuses the browser the parity run started.
      const fallback = findRuntime('ort-node');
      bisect = await bisectFailures({
        result,
        model,
        runtimes,
        references: referenceRuntime && referenceRuntime.name !== fallback.name ? [referenceRuntime, fallback] : [fallback],
        context,
        reproducerDir: v['bisect-dir'] ?? null,
      });
    }
  } finally {
    await context.closeShared();
  }
  if (inputs.stream) nameUnreadable();
  writeOutputs(v, result, model, rows, testCase, log);
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
