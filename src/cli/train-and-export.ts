/** `train-and-export <out.onnx> [options]`: flags in, trainAndExport() out. */
import { BACKEND_NAMES } from '../graph/backends/select.js';
import { DEFAULT_CONFIG, type TrainConfig } from '../train/config.js';
import { CIFAR10_NORMALIZATION } from '../train/normalization.js';
import { progressMode, TrainingProgress } from '../train/progress.js';
import { defaultOutDir, trainAndExport } from '../train/train-and-export.js';
import { DATA_FLAGS, DATA_FLAGS_HELP, loadOptionsFromFlags, subsetOptionsFromFlags } from './data-flags.js';
import { ToolError } from '../util/errors.js';
import { choiceFlag, numberFlag, parseCommandLine } from './args.js';

const d = DEFAULT_CONFIG;
export const HELP = `Usage: train-and-export <out.onnx> [options]

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
  --resume CKPT          continue a run from its checkpoint (bit-identical to not stopping)
  --out-dir DIR          default: <out>-run/ next to the model
  --keep-checkpoints K   keep the last K epoch checkpoints               [3]
  --opset N              ONNX opset to write                             [13]
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
  threads: { type: 'string' }, resume: { type: 'string' }, 'out-dir': { type: 'string' },
  'keep-checkpoints': { type: 'string' }, opset: { type: 'string' }, probabilities: { type: 'boolean' },
  json: { type: 'boolean' }, quiet: { type: 'boolean' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const;

export async function main(argv: string[]): Promise<number> {
  const { values: v, positionals } = parseCommandLine('train-and-export', argv, OPTIONS);
  if (v.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new ToolError('expected exactly one output path, e.g. train-and-export lenet.onnx (see --help)');
  const output = positionals[0]!;
  if (!output.endsWith('.onnx')) throw new ToolError(`${output}: the output must be a .onnx file`);

  const config: TrainConfig = {
    arch: choiceFlag('arch', v.arch, ['lenet5', 'lenet5-relu'], d.arch),
    epochs: numberFlag('epochs', v.epochs, d.epochs, { integer: true, min: 1 }),
    batchSize: numberFlag('batch-size', v['batch-size'], d.batchSize, { integer: true, min: 1, max: 65536 }),
    optimizer: choiceFlag('optimizer', v.optimizer, ['sgd', 'adam', 'adamw'], d.optimizer),
    lr: numberFlag('lr', v.lr, d.lr, { min: 0 }),
    momentum: numberFlag('momentum', v.momentum, d.momentum, { min: 0, max: 1 }),
    nesterov: v['no-nesterov'] ? false : d.nesterov,
    weightDecay: numberFlag('weight-decay', v['weight-decay'], d.weightDecay, { min: 0 }),
    schedule: choiceFlag('schedule', v.schedule, ['constant', 'step', 'cosine'], d.schedule),
    warmupEpochs: numberFlag('warmup-epochs', v['warmup-epochs'], d.warmupEpochs, { min: 0 }),
    augment: v['no-augment'] ? false : v.augment ? true : d.augment,
    normalization: choiceFlag('normalize', v.normalize, ['none', 'cifar'], d.normalization ? 'cifar' : 'none') === 'cifar' ? CIFAR10_NORMALIZATION : null,
    seed: numberFlag('seed', v.seed, d.seed, { integer: true, min: 0 }),
  };
  const mode = progressMode({ json: v.json ?? false, quiet: v.quiet ?? false, stream: process.stderr });
  const progress = new TrainingProgress(mode, config.epochs, process.stderr, process.stdout);
  const control = { stop: false };
  const onSigint = () => {
    if (control.stop) process.exit(130); // a second Ctrl-C means "now"
    control.stop = true;
    progress.message('stopping after this step and saving a checkpoint (Ctrl-C again to abort without saving)…');
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const optional = <K extends string, T>(key: K, value: T | undefined) => (value === undefined ? {} : { [key]: value }) as Partial<Record<K, T>>;
  try {
    const result = await trainAndExport({
      output,
      ...optional('outDir', v['out-dir']),
      config,
      data: loadOptionsFromFlags(v),
      subset: { ...subsetOptionsFromFlags(v), seed: config.seed },
      backend: choiceFlag('backend', v.backend, BACKEND_NAMES, 'auto'),
      ...optional('threads', v.threads === undefined ? undefined : numberFlag('threads', v.threads, 1, { integer: true, min: 1, max: 64 })),
      ...optional('resume', v.resume),
      ...optional('init', v.init),
      keepCheckpoints: numberFlag('keep-checkpoints', v['keep-checkpoints'], 3, { integer: true, min: 1 }),
      ...optional('opset', v.opset === undefined ? undefined : numberFlag('opset', v.opset, 13, { integer: true })),
      probabilities: v.probabilities ?? false,
      progress,
      control,
    });
    switch (result.status) {
      case 'done': {
        const last = result.history[result.history.length - 1];
        progress.message(`wrote ${result.model}${last ? ` (test accuracy ${(100 * last.test.accuracy).toFixed(2)}%)` : ''}; plots and metrics in ${v['out-dir'] ?? defaultOutDir(output)}`);
        return 0;
      }
      case 'interrupted':
        progress.message(`interrupted: checkpoint saved to ${result.checkpoint}\nresume with: train-and-export ${output} --resume ${result.checkpoint}`);
        return 130;
      case 'diverged':
        progress.message(`${result.message}${result.checkpoint ? `\nlast good checkpoint: ${result.checkpoint}` : ''}`);
        return 1;
    }
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}
