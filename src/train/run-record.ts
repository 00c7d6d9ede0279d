/**
 * What a checkpoint must know, beyond weights and recipe, for `--resume CKPT` alone to
 * continue the same run: where the data was and what it was (a fingerprint of the exact
 * images trained and tested on), how it was subsetted, and where the outputs go.
 * Stored as JSON in the checkpoint's free-form `info.run` (checkpoint format 2).
 */
import { createHash } from 'node:crypto';
import type { Checkpoint } from './checkpoint.js';
import type { BadImagePolicy } from './data/image-folder.js';
import type { Dataset } from './data/dataset.js';
import type { SubsetOptions } from './data/subset.js';

export interface RunRecord {
  format: 1;
  /** The model file and the run folder, absolute. */
  output: string;
  outDir: string;
  /** The data source as resolved when the run started, absolute (whether it came from --data, $CIFAR10_DATA or the cache). */
  data: string | null;
  cacheDir: string | null;
  onBadImage: BadImagePolicy;
  subset: SubsetOptions;
  /** SHA-256 of the class names and every image and label trained and tested on. */
  fingerprint: string;
  opset: number | null;
  probabilities: boolean;
  keepCheckpoints: number;
}

/** The identity of the data a run sees: same fingerprint, same images in the same order. */
export function dataFingerprint(dataset: Pick<Dataset, 'classNames' | 'train' | 'test'>): string {
  const hash = createHash('sha256').update(JSON.stringify(dataset.classNames));
  for (const split of [dataset.train, dataset.test]) hash.update(`\0${split.count}\0`).update(split.images).update(split.labels);
  return hash.digest('hex');
}

/** The record in a checkpoint, or null for checkpoints written before it existed. */
export function runRecordOf(checkpoint: Pick<Checkpoint, 'info'>): RunRecord | null {
  const text = checkpoint.info.run;
  if (text === undefined) return null;
  try {
    const record = JSON.parse(text) as Partial<RunRecord>;
    if (record.format === 1 && typeof record.output === 'string' && typeof record.fingerprint === 'string') return record as RunRecord;
  } catch {
    // Unreadable: treated like an older checkpoint.
  }
  return null;
}
