/**
 * The whole job behind `train-and-export`: load data, build (or resume, or import)
 * the model, train with checkpoints every epoch, write the report, export ONNX.
 * Nothing is lost: Ctrl-C saves a checkpoint; a diverged run keeps the last good one;
 * every file is written atomically.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { selectBackend, type BackendName } from '../graph/backends/select.js';
import type { ModelSpec } from '../graph/model-spec.js';
import { buildModel } from '../graph/models/build.js';
import { createLenetSpec } from '../graph/models/lenet.js';
import { loadOnnx, saveOnnx } from '../export/index.js';
import { ToolError } from '../util/errors.js';
import { checkpointName, loadCheckpoint, pruneCheckpoints, saveCheckpoint, type Checkpoint } from './checkpoint.js';
import type { TrainConfig } from './config.js';
import { loadDataset, type LoadOptions } from './data/load-dataset.js';
import { prepareSubsets, type SubsetOptions } from './data/subset.js';
import { epochRecord, type TrainingProgress } from './progress.js';
import { trainedModelSpec } from './export-metadata.js';
import { writeTrainingReport } from './report/write-report.js';
import { trainInBrowser } from './browser/browser-training.js';
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
  /** Continue from this checkpoint (its config and data selection win over flags, except `epochs`). */
  resume?: string;
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
  | { status: 'diverged'; message: string; checkpoint: string | null };

export function defaultOutDir(output: string): string {
  return join(dirname(output), `${basename(output, extname(output))}-run`);
}

export async function trainAndExport(o: TrainAndExportOptions): Promise<RunResult> {
  const outDir = resolve(o.outDir ?? defaultOutDir(o.output));
  const ckptDir = join(outDir, 'checkpoints');
  mkdirSync(ckptDir, { recursive: true });
  const say = (text: string) => o.progress.message(text);

  const resumed = o.resume ? loadCheckpoint(o.resume) : null;
  // An imported model was trained on plain ToTensor input: fine-tune it on the same.
  const config: TrainConfig = resumed
    ? { ...resumed.config, epochs: o.config.epochs }
    : o.init
      ? { ...o.config, normalization: null }
      : o.config;
  const subset: SubsetOptions = resumed ? (JSON.parse(resumed.info.subset ?? '{}') as SubsetOptions) : { ...o.subset, seed: o.subset.seed ?? config.seed };

  const raw = await loadDataset({ ...o.data, log: say });
  const { dataset } = prepareSubsets(raw, subset);
  say(`data: ${dataset.source}; ${dataset.train.count} training and ${dataset.test.count} test images, ${dataset.classNames.length} classes`);

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
  if (resumed) say(`resuming from ${o.resume} at epoch ${start.epoch + 1}, step ${start.step + 1}`);

  const info = { data: dataset.source, subset: JSON.stringify(subset), trainImages: String(dataset.train.count) };
  let lastCheckpoint: string | null = resumed && o.resume ? o.resume : null;
  const writeCheckpoint = async (position: Position, history: EpochMetrics[]): Promise<string> => {
    const c: Checkpoint = { config, position, spec: await model.toSpec(), optimizer: await optimizer.state(), history, info };
    const path = join(ckptDir, checkpointName(position));
    saveCheckpoint(path, c);
    pruneCheckpoints(ckptDir, o.keepCheckpoints);
    lastCheckpoint = path;
    return path;
  };

  const history = [...(resumed?.history ?? [])];
  let reportFiles: string[] | null = null;
  try {
    const run: TrainRun = {
      model, optimizer, config, data: dataset, start, history,
      readLossEvery: backend.readSync ? 1 : 10,
      hooks: {
        onStep: (s) => o.progress.step(s),
        onEpoch: async (m, position) => {
          history.push(m);
          o.progress.epoch(m);
          appendFileSync(join(outDir, 'metrics.jsonl'), `${JSON.stringify(epochRecord(m))}\n`);
          await writeCheckpoint(position, history);
          reportFiles = await writeTrainingReport(outDir, history, dataset.classNames);
        },
        shouldStop: () => o.control?.stop === true,
      },
    };
    const outcome = inBrowser ? await trainInBrowser(run, { log: say, cpuBackend: reason }) : await train(run);
    if (outcome.stoppedAt) {
      const path = await writeCheckpoint(outcome.stoppedAt, history);
      return { status: 'interrupted', checkpoint: path, position: outcome.stoppedAt };
    }
  } catch (err) {
    if (err instanceof DivergenceError) return { status: 'diverged', message: err.message, checkpoint: lastCheckpoint };
    throw err;
  } finally {
    optimizer.dispose();
  }

  const trained = await model.toSpec();
  model.dispose();
  const exported = trainedModelSpec(trained, config, dataset.classNames, dataset.source, history);
  saveOnnx(o.output, exported, { ...(o.opset ? { opset: o.opset } : {}), probabilities: o.probabilities ?? false });
  // Written after every epoch already; only a run resumed past its last epoch has none yet.
  const files = reportFiles ?? (await writeTrainingReport(outDir, history, dataset.classNames));
  return { status: 'done', model: o.output, history, files: [o.output, ...files, join(outDir, 'metrics.jsonl')] };
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
