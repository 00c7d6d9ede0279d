/**
 * `--resume CKPT`: the checkpoint is the run. Its recipe, data selection and outputs
 * are taken as recorded; a flag typed again with the same value is fine, one with a
 * different value is refused (never silently dropped or half-applied), unless changed
 * on purpose with `--override name=value` for the few settings that may change midway.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ToolError } from '../util/errors.js';
import { loadCheckpoint, type Checkpoint } from './checkpoint.js';
import type { TrainConfig } from './config.js';
import type { BadImagePolicy } from './data/image-folder.js';
import type { SubsetOptions } from './data/subset.js';
import { runRecordOf, type RunRecord } from './run-record.js';

/** Settings of a run that are recorded in its checkpoints, as typed on this command line (absent = not typed). */
export interface GivenSettings {
  output?: string;
  outDir?: string;
  config: Partial<TrainConfig>;
  subset: Partial<Omit<SubsetOptions, 'seed'>>;
  data?: string;
  cacheDir?: string;
  onBadImage?: BadImagePolicy;
  init?: string;
  opset?: number;
  probabilities?: boolean;
  keepCheckpoints?: number;
}

/** What `--override` may change on resume: the schedule and the outputs, never the model or the data. */
export interface Overrides {
  epochs?: number;
  lr?: number;
  momentum?: number;
  weightDecay?: number;
  warmupEpochs?: number;
  schedule?: TrainConfig['schedule'];
  augment?: boolean;
  keepCheckpoints?: number;
  opset?: number;
  probabilities?: boolean;
}

export const OVERRIDE_FLAGS: Record<keyof Overrides, string> = {
  epochs: 'epochs', lr: 'lr', momentum: 'momentum', weightDecay: 'weight-decay', warmupEpochs: 'warmup-epochs',
  schedule: 'schedule', augment: 'augment', keepCheckpoints: 'keep-checkpoints', opset: 'opset', probabilities: 'probabilities',
};

const CONFIG_FLAGS: Record<keyof TrainConfig, string> = {
  arch: 'arch', epochs: 'epochs', batchSize: 'batch-size', optimizer: 'optimizer', lr: 'lr', momentum: 'momentum',
  nesterov: 'nesterov', weightDecay: 'weight-decay', schedule: 'schedule', warmupEpochs: 'warmup-epochs',
  augment: 'augment', normalization: 'normalize', seed: 'seed',
};

const SUBSET_FLAGS: Record<keyof GivenSettings['subset'], string> = {
  limit: 'limit', perClass: 'per-class', validation: 'validation', testLimit: 'test-limit', shuffle: 'shuffle',
};

export interface ResumePlan {
  path: string;
  checkpoint: Checkpoint;
  record: RunRecord | null;
  config: TrainConfig;
  subset: SubsetOptions;
  output: string;
  outDir: string | undefined;
  data: string | undefined;
  cacheDir: string | undefined;
  onBadImage: BadImagePolicy | undefined;
  opset: number | null;
  probabilities: boolean;
  keepCheckpoints: number;
  /** One line per override applied, to be said aloud. */
  changes: string[];
}

/** How a setting reads on the command line: `--normalize cifar`, `--no-augment`, `--lr 0.003`. */
function asFlag(flag: string, value: unknown): string {
  if (typeof value === 'boolean') return value ? `--${flag}` : `--no-${flag}`;
  if (flag === 'normalize') return `--normalize ${value ? 'cifar' : 'none'}`;
  return `--${flag} ${String(value)}`;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function conflict(flag: string, given: unknown, recorded: unknown, overridable: boolean, checkpoint: string): ToolError {
  const how = overridable
    ? `to change it for the rest of the run, use --override ${flag}=${typeof given === 'boolean' ? String(given) : String(given)}`
    : 'a resumed run cannot change it; start a new run instead';
  return new ToolError(`${asFlag(flag, given)}: ${checkpoint} was made with ${asFlag(flag, recorded)}; ${how}`);
}

/** Refuses any typed setting that differs from the recorded one. */
function checkGiven(given: GivenSettings, recorded: { config: TrainConfig; subset: SubsetOptions; record: RunRecord | null }, path: string): void {
  const overridable = new Set(Object.values(OVERRIDE_FLAGS));
  for (const [key, value] of Object.entries(given.config) as [keyof TrainConfig, unknown][]) {
    if (value !== undefined && !same(value, recorded.config[key])) throw conflict(CONFIG_FLAGS[key], value, recorded.config[key], overridable.has(CONFIG_FLAGS[key]), path);
  }
  for (const [key, value] of Object.entries(given.subset) as [keyof GivenSettings['subset'], unknown][]) {
    const was = recorded.subset[key] ?? (key === 'shuffle' ? true : 'unset');
    if (value !== undefined && !same(value, was)) throw conflict(SUBSET_FLAGS[key], value, was, false, path);
  }
  if (given.init !== undefined) throw new ToolError(`--init ${given.init}: a resumed run continues from ${path}'s weights; drop --init`);
  const r = recorded.record;
  if (!r) return;
  const outputs: [string, unknown, unknown, boolean][] = [
    ['opset', given.opset, r.opset, true],
    ['probabilities', given.probabilities, r.probabilities, true],
    ['keep-checkpoints', given.keepCheckpoints, r.keepCheckpoints, true],
  ];
  for (const [flag, value, was, canOverride] of outputs) {
    if (value !== undefined && !same(value, was)) throw conflict(flag, value, was ?? 'default', canOverride, path);
  }
  if (given.output !== undefined && resolve(given.output) !== r.output) {
    throw new ToolError(`${given.output}: ${path} belongs to the run writing ${r.output}; resume it with no output argument, or start a new run`);
  }
  if (given.outDir !== undefined && resolve(given.outDir) !== r.outDir) {
    throw new ToolError(`--out-dir ${given.outDir}: ${path} belongs to the run in ${r.outDir}; drop --out-dir, or start a new run`);
  }
}

function applyOverrides(config: TrainConfig, o: Overrides): { config: TrainConfig; changes: string[] } {
  const changes: string[] = [];
  const next = { ...config };
  for (const key of ['epochs', 'lr', 'momentum', 'weightDecay', 'warmupEpochs', 'schedule', 'augment'] as const) {
    const value = o[key];
    if (value === undefined || same(value, config[key])) continue;
    changes.push(`${CONFIG_FLAGS[key]} ${String(config[key])} -> ${String(value)}`);
    (next as Record<string, unknown>)[key] = value;
  }
  return { config: next, changes };
}

export function planResume(path: string, given: GivenSettings, overrides: Overrides = {}): ResumePlan {
  const checkpoint = loadCheckpoint(path);
  const record = runRecordOf(checkpoint);
  const subset: SubsetOptions = record?.subset ?? (JSON.parse(checkpoint.info.subset ?? '{}') as SubsetOptions);
  checkGiven(given, { config: checkpoint.config, subset, record }, path);
  const { config, changes } = applyOverrides(checkpoint.config, overrides);
  for (const [key, flag] of [['keepCheckpoints', 'keep-checkpoints'], ['opset', 'opset'], ['probabilities', 'probabilities']] as const) {
    if (overrides[key] !== undefined) changes.push(`${flag} -> ${String(overrides[key])}`);
  }

  if (!record) {
    // Written before checkpoints recorded the run: outputs and data come from the flags.
    if (given.output === undefined) throw new ToolError(`${path}: an older checkpoint that does not record its output; give it: train-and-export OUT.onnx --resume ${path} --data …`);
    return {
      path, checkpoint, record, config, subset, changes, output: given.output, outDir: given.outDir, data: given.data, cacheDir: given.cacheDir,
      onBadImage: given.onBadImage, opset: overrides.opset ?? given.opset ?? null, probabilities: overrides.probabilities ?? given.probabilities ?? false,
      keepCheckpoints: overrides.keepCheckpoints ?? given.keepCheckpoints ?? 3,
    };
  }
  const data = given.data ?? record.data ?? undefined;
  if (given.data === undefined && record.data !== null && !existsSync(record.data)) {
    throw new ToolError(`${path}: this run's data ${record.data} is gone; if it moved, pass --data PATH where it is now`);
  }
  return {
    path, checkpoint, record, config, subset, changes,
    output: record.output,
    outDir: record.outDir,
    data,
    cacheDir: given.cacheDir ?? record.cacheDir ?? undefined,
    onBadImage: given.onBadImage ?? record.onBadImage,
    opset: overrides.opset ?? record.opset,
    probabilities: overrides.probabilities ?? record.probabilities,
    keepCheckpoints: overrides.keepCheckpoints ?? record.keepCheckpoints,
  };
}
