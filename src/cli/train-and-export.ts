/** `train-and-export <out.onnx> [options]`: flags in, trainAndExport() out. */
import { BACKEND_NAMES } from '../graph/backends/select.js';
import { MAX_OPSET, MIN_WRITE_OPSET } from '../export/opsets.js';
import { DEFAULT_CONFIG, type TrainConfig } from '../train/config.js';
import { CIFAR10_NORMALIZATION } from '../train/normalization.js';
import { progressMode, TrainingProgress } from '../train/progress.js';
import { planResume, type GivenSettings } from '../train/resume-plan.js';
import { defaultOutDir, trainAndExport, type TrainAndExportOptions } from '../train/train-and-export.js';
import { DATA_FLAGS, DATA_FLAGS_HELP, loadOptionsFromFlags, subsetOptionsFromFlags } from './data-flags.js';
import { ToolError } from '../util/errors.js';
import { choiceFlag, numberFlag, parseCommandLine } from './args.js';
import { parseOverrides, shellQuote } from './resume-flags.js';

const d = DEFAULT_CONFIG;
export const HELP = `Usage: train-and-export <out.onnx> [options]
       train-and-export --resume CKPT [--override NAME=VALUE ...]

Trains LeNet5 on CIFAR-10 (or your image folders) and writes an ONNX model, plus
metrics.jsonl, loss/accuracy/confusion plots (PNG+SVG) and checkpoints in --out-dir.

${DATA_FLAGS_HELP}
Model and recipe (the defaults reach 63.3% test accuracy with the seed architecture)
  --arch A               lenet5 (seed, sigmoid) | lenet5-relu            [${d.arch}]
  --init MODEL.onnx      start from an ONNX model's weights (fine-tune; input stays plain x/255)
  --epochs N             [${d.epochs}]
  --batch-size N         [${d.batchSize}]
  --optimizer O          sgd | adam | adamw                              [${d.optimizer}]
  --lr X                 base learning rate                              [${d.lr}]
  --momentum X           SGD momentum                                    [${d.momentum}]
  --no-nesterov          plain momentum instead of Nesterov
  --weight-decay X       [${d.weightDecay}]
  --schedule S           constant | step | cosine                        [${d.schedule}]
  --warmup-epochs X      linear warmup                                   [${d.warmupEpochs}]
  --augment / --no-augment  random crop (4 px padding) + horizontal flip [${d.augment ? 'on' : 'off'}]
  --normalize MODE       none | cifar (per-channel mean/std, folded into the exported model) [${d.normalization ? 'cifar' : 'none'}]
  (--seed N also seeds initialisation, batch order and augmentation)  [${d.seed}]
Run
  --backend B            cpu | reference | webgl2 | auto                 [auto]
  --threads N            CPU worker threads (default: all cores)
  --resume CKPT          continue a run from its checkpoint (bit-identical to not stopping);
                         the checkpoint records the recipe, the data and the outputs, so
                         no other flag is needed; a flag that differs from the record is refused
  --override NAME=VALUE  on --resume, change epochs, lr, momentum, weight-decay, warmup-epochs,
                         schedule, augment, keep-checkpoints, opset or probabilities; repeatable
  --out-dir DIR          default: <out>-run/ next to the model
  --keep-checkpoints K   keep the last K epoch checkpoints               [3]
  --opset N              ONNX opset to write (${MIN_WRITE_OPSET}..${MAX_OPSET})                     [13]
  --probabilities        add a Softmax 'probabilities' output
  --json                 machine-readable progress (JSON lines on stdout)
  --quiet                only errors
  --verbose              stack traces on errors
  -h, --help
`;

const OPTIONS = {
  ...DATA_FLAGS, arch: { type: 'string' }, init: { type: 'string' },
  epochs: { type: 'string' }, 'batch-size': { type: 'string' }, optimizer: { type: 'string' }, lr: { type: 'string' },
  momentum: { type: 'string' }, 'no-nesterov': { type: 'boolean' }, 'weight-decay': { type: 'string' },
  schedule: { type: 'string' }, 'warmup-epochs': { type: 'string' }, augment: { type: 'boolean' },
  'no-augment': { type: 'boolean' }, normalize: { type: 'string' }, backend: { type: 'string' },
  threads: { type: 'string' }, resume: { type: 'string' }, override: { type: 'string', multiple: true }, 'out-dir': { type: 'string' },
  'keep-checkpoints': { type: 'string' }, opset: { type: 'string' }, probabilities: { type: 'boolean' },
  json: { type: 'boolean' }, quiet: { type: 'boolean' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseCommandLine<typeof OPTIONS>>['values'];

/** Only what was typed: a resumed run compares these with its record. */
function typedConfig(v: Values): Partial<TrainConfig> {
  const typed: Partial<TrainConfig> = {};
  const set = <K extends keyof TrainConfig>(key: K, value: TrainConfig[K] | undefined) => {
    if (value !== undefined) typed[key] = value;
  };
  if (v.augment && v['no-augment']) throw new ToolError('give --augment or --no-augment, not both');
  set('arch', v.arch === undefined ? undefined : choiceFlag('arch', v.arch, ['lenet5', 'lenet5-relu'] as const, d.arch));
  set('epochs', v.epochs === undefined ? undefined : numberFlag('epochs', v.epochs, d.epochs, { integer: true, min: 1, max: 1_000_000 }));
  set('batchSize', v['batch-size'] === undefined ? undefined : numberFlag('batch-size', v['batch-size'], d.batchSize, { integer: true, min: 1, max: 8192 }));
  set('optimizer', v.optimizer === undefined ? undefined : choiceFlag('optimizer', v.optimizer, ['sgd', 'adam', 'adamw'] as const, d.optimizer));
  set('lr', v.lr === undefined ? undefined : numberFlag('lr', v.lr, d.lr, { min: 0 }));
  set('momentum', v.momentum === undefined ? undefined : numberFlag('momentum', v.momentum, d.momentum, { min: 0, max: 1 }));
  set('nesterov', v['no-nesterov'] ? false : undefined);
  set('weightDecay', v['weight-decay'] === undefined ? undefined : numberFlag('weight-decay', v['weight-decay'], d.weightDecay, { min: 0 }));
  set('schedule', v.schedule === undefined ? undefined : choiceFlag('schedule', v.schedule, ['constant', 'step', 'cosine'] as const, d.schedule));
  set('warmupEpochs', v['warmup-epochs'] === undefined ? undefined : numberFlag('warmup-epochs', v['warmup-epochs'], d.warmupEpochs, { min: 0, max: 1_000_000 }));
  set('augment', v['no-augment'] ? false : v.augment ? true : undefined);
  if (v.normalize !== undefined) typed.normalization = choiceFlag('normalize', v.normalize, ['none', 'cifar'], 'cifar') === 'cifar' ? CIFAR10_NORMALIZATION : null;
  set('seed', v.seed === undefined ? undefined : numberFlag('seed', v.seed, d.seed, { integer: true, min: 0, max: 2 ** 32 - 1 }));
  return typed;
}

function typedSettings(v: Values, output: string | undefined): GivenSettings {
  const subset = subsetOptionsFromFlags(v);
  const given: GivenSettings = { config: typedConfig(v), subset: {} };
  if (subset.limit !== undefined) given.subset.limit = subset.limit;
  if (subset.perClass !== undefined) given.subset.perClass = subset.perClass;
  if (subset.validation !== undefined) given.subset.validation = subset.validation;
  if (subset.testLimit !== undefined) given.subset.testLimit = subset.testLimit;
  if (v['no-shuffle']) given.subset.shuffle = false;
  if (output !== undefined) given.output = output;
  if (v['out-dir'] !== undefined) given.outDir = v['out-dir'];
  if (v.data !== undefined) given.data = v.data;
  if (v['cache-dir'] !== undefined) given.cacheDir = v['cache-dir'];
  const load = loadOptionsFromFlags(v);
  if (load.onBadImage !== undefined) given.onBadImage = load.onBadImage;
  if (v.init !== undefined) given.init = v.init;
  if (v.opset !== undefined) given.opset = numberFlag('opset', v.opset, 13, { integer: true, min: MIN_WRITE_OPSET, max: MAX_OPSET });
  if (v.probabilities) given.probabilities = true;
  if (v['keep-checkpoints'] !== undefined) given.keepCheckpoints = numberFlag('keep-checkpoints', v['keep-checkpoints'], 3, { integer: true, min: 1, max: 1_000_000 });
  return given;
}

/** The run's settings: typed flags over the defaults, or the checkpoint's record on --resume. */
function runSettings(v: Values, output: string | undefined): Omit<TrainAndExportOptions, 'progress' | 'control' | 'backend' | 'threads'> {
  const given = typedSettings(v, output);
  const overrides = parseOverrides(v.override ?? []);
  if (v.resume === undefined) {
    if (v.override !== undefined) throw new ToolError(`--override ${v.override[0]}: only for --resume; for a new run give the flag itself`);
    if (output === undefined) throw new ToolError('expected exactly one output path, e.g. train-and-export lenet.onnx (see --help)');
    const config = { ...DEFAULT_CONFIG, ...given.config };
    return {
      output, ...(given.outDir === undefined ? {} : { outDir: given.outDir }), config,
      data: loadOptionsFromFlags(v), subset: { ...subsetOptionsFromFlags(v), seed: config.seed },
      ...(given.init === undefined ? {} : { init: given.init }), keepCheckpoints: given.keepCheckpoints ?? 3,
      ...(given.opset === undefined ? {} : { opset: given.opset }), probabilities: given.probabilities ?? false,
    };
  }
  const plan = planResume(v.resume, given, overrides);
  const data = loadOptionsFromFlags(v);
  if (plan.data === undefined) delete data.data;
  else data.data = plan.data;
  if (plan.cacheDir !== undefined) data.cacheDir = plan.cacheDir;
  if (plan.onBadImage !== undefined) data.onBadImage = plan.onBadImage;
  return {
    output: plan.output, ...(plan.outDir === undefined ? {} : { outDir: plan.outDir }), config: plan.config, data, subset: plan.subset,
    resume: plan, keepCheckpoints: plan.keepCheckpoints, ...(plan.opset === null ? {} : { opset: plan.opset }), probabilities: plan.probabilities,
  };
}

export async function main(argv: string[]): Promise<number> {
  const { values: v, positionals } = parseCommandLine('train-and-export', argv, OPTIONS);
  if (v.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length > 1) throw new ToolError(`unexpected argument "${positionals[1]}": give one output path (see --help)`);
  const output = positionals[0];
  if (output !== undefined && !output.toLowerCase().endsWith('.onnx')) throw new ToolError(`${output}: the output must be a .onnx file`);
  const backend = choiceFlag('backend', v.backend, BACKEND_NAMES, 'auto');
  const threads = v.threads === undefined ? undefined : numberFlag('threads', v.threads, 1, { integer: true, min: 1, max: 64 });
  const settings = runSettings(v, output);

  const mode = progressMode({ json: v.json ?? false, quiet: v.quiet ?? false, stream: process.stderr });
  const progress = new TrainingProgress(mode, settings.config.epochs, process.stderr, process.stdout);
  const control = { stop: false };
  const onSigint = () => {
    if (control.stop) process.exit(130); // a second Ctrl-C means "now"
    control.stop = true;
    progress.message('stopping after this step and saving a checkpoint (Ctrl-C again to abort without saving)…');
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    const result = await trainAndExport({ ...settings, backend, ...(threads === undefined ? {} : { threads }), progress, control });
    switch (result.status) {
      case 'done': {
        const last = result.history[result.history.length - 1];
        progress.message(`wrote ${result.model}${last ? ` (test accuracy ${(100 * last.test.accuracy).toFixed(2)}%)` : ''}; plots and metrics in ${settings.outDir ?? defaultOutDir(settings.output)}`);
        return 0;
      }
      case 'interrupted':
        // The checkpoint records everything else: this command, as printed, continues the run.
        progress.message(`interrupted: checkpoint saved to ${result.checkpoint}\nresume with: train-and-export --resume ${shellQuote(result.checkpoint)}`);
        return 130;
      case 'diverged': {
        const next = result.checkpoint
          ? `\nlast good checkpoint: ${result.checkpoint}\nresume with a lower rate: train-and-export --resume ${shellQuote(result.checkpoint)} --override lr=${result.lr / 10}`
          : `\nno checkpoint yet; start again with a lower --lr (was ${result.lr})`;
        progress.message(`${result.message}${next}`);
        return 1;
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}
