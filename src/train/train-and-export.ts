/**
 * The whole job behind `train-and-export`: claim the outputs, load data, check that the
 * run can work, build (or resume, or import) the model, train with checkpoints every
 * epoch, write the report, export ONNX. Nothing is lost: Ctrl-C saves a checkpoint; a
 * diverged run keeps the last good one; every file is written atomically; everything
 * that can be checked is checked before the first step.
 */
import { basename, dirname, extname, join, resolve } from 'node:path';
import { selectBackend, type BackendName } from '../graph/backends/select.js';
import type { ModelSpec } from '../graph/model-spec.js';
import { buildModel } from '../graph/models/build.js';
import { createLenetSpec } from '../graph/models/lenet.js';
import { loadOnnx, saveOnnx } from '../export/index.js';
import { ToolError } from '../util/errors.js';
import { checkpointName, pruneCheckpoints, saveCheckpoint, type Checkpoint } from './checkpoint.js';
import type { TrainConfig } from './config.js';
import type { Dataset } from './data/dataset.js';
import { loadDataset, type LoadOptions } from './data/load-dataset.js';
import { userCacheDir } from './data/cache-dir.js';
import { OFFICIAL_RELEASE } from './data/official-release.js';
import { resolveDataSource } from './data/resolve-source.js';
import { prepareSubsets, type SubsetOptions } from './data/subset.js';
import type { TrainingProgress } from './progress.js';
import { trainedModelSpec } from './export-metadata.js';
import { writeTrainingReport } from './report/write-report.js';
import { trainInBrowser } from './browser/browser-training.js';
import type { ResumePlan } from './resume-plan.js';
import { RunFolder } from './run-folder.js';
import { dataFingerprint, type RunRecord } from './run-record.js';
import { createOptimizer, DivergenceError, train, type EpochMetrics, type Position, type TrainRun } from './trainer.js';

export interface TrainAndExportOptions {
  /** Where the ONNX model goes. */
  output: string;
  /** Metrics, plots and checkpoints; default `<output without .onnx>-run/`. */
  outDir?: string;
  config: TrainConfig;
  data: LoadOptions;
  subset: SubsetOptions;
  backend: BackendName;
  threads?: number;
  /** Continue the run of this checkpoint (planResume: config, subset and outputs above must come from the plan). */
  resume?: ResumePlan;
  /** Start from the weights of this ONNX model (fine-tuning). */
  init?: string;
  keepCheckpoints: number;
  opset?: number;
  probabilities?: boolean;
  progress: TrainingProgress;
  /** Set `stop` to true (e.g. on SIGINT) to checkpoint and stop between steps. */
  control?: { stop: boolean };
}

export type RunResult =
  | { status: 'done'; model: string; history: EpochMetrics[]; files: string[] }
  | { status: 'interrupted'; checkpoint: string; position: Position }
  | { status: 'diverged'; message: string; checkpoint: string | null; lr: number };

export function defaultOutDir(output: string): string {
  return join(dirname(output), `${basename(output, extname(output))}-run`);
}

/** What makes a run impossible, found before its first step rather than after it. */
function checkRunnable(dataset: Dataset, config: TrainConfig, subset: SubsetOptions): void {
  const classes = dataset.classNames.length;
  if (classes < 2) {
    throw new ToolError(`${dataset.source}: ${classes} class (${dataset.classNames.join(', ')}); a classifier needs at least 2 class folders`);
  }
  const n = dataset.train.count;
  if (n < config.batchSize) {
    const why = subset.limit !== undefined ? `--limit ${subset.limit}` : subset.perClass !== undefined ? `--per-class ${subset.perClass}` : `${dataset.source}`;
    throw new ToolError(`${why}: ${n} training images are fewer than one batch (--batch-size ${config.batchSize}); use --batch-size ${n} or less, or more images`);
  }
}

export async function trainAndExport(o: TrainAndExportOptions): Promise<RunResult> {
  const output = resolve(o.output);
  const outDir = resolve(o.outDir ?? defaultOutDir(output));
  const say = (text: string) => o.progress.message(text);
  const resumed: Checkpoint | null = o.resume?.checkpoint ?? null;
  const folder = new RunFolder(output, outDir, outDir === defaultOutDir(output));
  let succeeded = false;
  try {
    const earlier = folder.earlierCheckpoints();
    if (!resumed && earlier.length > 0) {
      throw new ToolError(
        `${folder.checkpoints}: holds checkpoints of an earlier run (${earlier[earlier.length - 1]}); continue it with --resume ${join(folder.checkpoints, earlier[earlier.length - 1]!)}, or choose another output or --out-dir`,
      );
    }
    // A kill after an epoch's metrics but before its checkpoint must not leave that epoch listed twice.
    if (resumed) folder.writeMetrics(resumed.history);
    const result = await run(o, folder, resumed, say);
    succeeded = true;
    return result;
  } finally {
    folder.release(succeeded);
  }
}

async function run(o: TrainAndExportOptions, folder: RunFolder, resumed: Checkpoint | null, say: (text: string) => void): Promise<RunResult> {
  // An imported model was trained on plain ToTensor input: fine-tune it on the same.
  const config: TrainConfig = o.init && !resumed ? { ...o.config, normalization: null } : o.config;
  const subset: SubsetOptions = { ...o.subset, seed: o.subset.seed ?? config.seed };

  const raw = await loadDataset({ ...o.data, log: say });
  const { dataset } = prepareSubsets(raw, subset);
  say(`data: ${dataset.source}; ${dataset.train.count} training and ${dataset.test.count} test images, ${dataset.classNames.length} classes`);
  const fingerprint = dataFingerprint(dataset);
  const expected = o.resume?.record?.fingerprint;
  if (expected !== undefined && expected !== fingerprint) {
    throw new ToolError(`${o.data.data ?? dataset.source}: not the data ${o.resume!.path} was trained on (different images, labels or classes); resume with the same data, or start a new run`);
  }
  checkRunnable(dataset, config, subset);

  const spec = resumed?.spec ?? (o.init ? importForFineTuning(o.init, dataset.classNames.length) : createLenetSpec(config.arch, config.seed, dataset.classNames.length));
  // webgl2 trains in headless Chromium; the model here stays on the CPU as the mirror the
  // page's weights are copied into (checkpoints, export) and as the fallback (src/train/browser).
  const inBrowser = o.backend === 'webgl2';
  const { backend, reason } = await selectBackend(inBrowser ? 'cpu' : o.backend, o.threads === undefined ? {} : { threads: o.threads });
  if (!inBrowser) say(`backend: ${reason}`);
  const model = buildModel(spec, backend);
  const optimizer = createOptimizer(model, config);
  if (resumed) optimizer.loadState(resumed.optimizer);
  const start = resumed?.position ?? { epoch: 0, step: 0 };
  // Which arithmetic trains: a resume is bit-exact only on the backend and rounding the run began with.
  const arithmetic = inBrowser ? 'webgl2 in Chromium' : `${backend.name}, ${backend.arithmetic ?? 'float32'}`;
  if (o.resume) {
    say(`resuming from ${o.resume.path} at epoch ${start.epoch + 1}, step ${start.step + 1}`);
    for (const change of o.resume.changes) say(`override: ${change}`);
    const before = o.resume.checkpoint.info.arithmetic;
    if (before !== undefined && before !== arithmetic)
      say(`warning: ${o.resume.path} was trained on ${before}, this run uses ${arithmetic}: the weights will differ slightly from an uninterrupted run`);
  }

  const record: RunRecord = {
    format: 1, output: folder.output, outDir: folder.outDir, data: resolvedDataPath(o.data),
    cacheDir: o.data.cacheDir === undefined ? null : resolve(o.data.cacheDir), onBadImage: o.data.onBadImage ?? 'fail', subset, fingerprint,
    opset: o.opset ?? null, probabilities: o.probabilities ?? false, keepCheckpoints: o.keepCheckpoints,
  };
  const info = { data: dataset.source, subset: JSON.stringify(subset), trainImages: String(dataset.train.count), run: JSON.stringify(record), arithmetic };
  let lastCheckpoint: string | null = o.resume?.path ?? null;
  const writeCheckpoint = async (position: Position, history: EpochMetrics[]): Promise<string> => {
    const c: Checkpoint = { config, position, spec: await model.toSpec(), optimizer: await optimizer.state(), history, info };
    const path = join(folder.checkpoints, checkpointName(position));
    saveCheckpoint(path, c);
    pruneCheckpoints(folder.checkpoints, o.keepCheckpoints);
    lastCheckpoint = path;
    return path;
  };

  const history = [...(resumed?.history ?? [])];
  let reportFiles: string[] | null = null;
  try {
    const trainRun: TrainRun = {
      model, optimizer, config, data: dataset, start, history,
      readLossEvery: backend.readSync ? 1 : 10,
      hooks: {
        onStep: (s) => o.progress.step(s),
        onEpoch: async (m, position) => {
          history.push(m);
          o.progress.epoch(m);
          // Checkpoint first: the metrics never list an epoch that no checkpoint holds.
          await writeCheckpoint(position, history);
          folder.writeMetrics(history);
          reportFiles = await writeTrainingReport(folder.outDir, history, dataset.classNames);
        },
        shouldStop: () => o.control?.stop === true,
      },
    };
    const outcome = inBrowser ? await trainInBrowser(trainRun, { log: say, cpuBackend: reason }) : await train(trainRun);
    if (outcome.stoppedAt) {
      const path = await writeCheckpoint(outcome.stoppedAt, history);
      return { status: 'interrupted', checkpoint: path, position: outcome.stoppedAt };
    }
  } catch (err) {
    if (err instanceof DivergenceError) return { status: 'diverged', message: err.message, checkpoint: lastCheckpoint, lr: config.lr };
    throw err;
  } finally {
    optimizer.dispose();
  }

  const trained = await model.toSpec();
  model.dispose();
  const exported = trainedModelSpec(trained, config, dataset.classNames, dataset.source, history);
  saveOnnx(folder.output, exported, { ...(o.opset ? { opset: o.opset } : {}), probabilities: o.probabilities ?? false });
  // Written after every epoch already; only a run resumed past its last epoch has none yet.
  const files = reportFiles ?? (await writeTrainingReport(folder.outDir, history, dataset.classNames));
  if (!reportFiles) folder.writeMetrics(history);
  return { status: 'done', model: o.output, history, files: [o.output, ...files, folder.metrics] };
}

/**
 * The data a run read, as an absolute path, so `--resume` finds it again without
 * `--data` or `$CIFAR10_DATA` (after a download: the release in the cache).
 */
function resolvedDataPath(load: LoadOptions): string {
  const cacheDir = load.cacheDir ?? userCacheDir(load.env);
  const source = resolveDataSource(load.data, cacheDir, load.env);
  return resolve(source.kind === 'download' ? join(cacheDir, OFFICIAL_RELEASE.folderName) : source.path);
}

function importForFineTuning(path: string, classes: number): ModelSpec {
  const spec = loadOnnx(path);
  const last = [...spec.layers].reverse().find((l) => l.kind === 'linear');
  if (!last || last.kind !== 'linear' || last.outFeatures !== classes)
    throw new ToolError(`--init ${path}: the model ends in ${last && last.kind === 'linear' ? last.outFeatures : 'no linear layer with'} classes, the data has ${classes}`);
  // A trailing softmax is for inference; training works on logits.
  const layers = spec.layers.filter((l, i) => !(l.kind === 'softmax' && i === spec.layers.length - 1));
  return { ...spec, layers };
}
