/**
 * The files of one run (the model, `<out>-run/` with metrics, plots and checkpoints),
 * claimed for one writer: locks, a write probe and crash leftovers swept before any
 * work starts, and on failure the folders it made taken back if still empty.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { removeDeadWritersTempFiles, removeStaleTempFiles, writeFileAtomic } from '../util/atomic-file.js';
import { ensureDir, probeWritable, removeEmptyFolders } from '../util/ensure-dir.js';
import { ToolError } from '../util/errors.js';
import { lockOutput, type OutputLock } from '../util/output-lock.js';
import { epochRecord } from './progress.js';
import type { EpochMetrics } from './trainer.js';

export class RunFolder {
  readonly checkpoints: string;
  readonly metrics: string;
  private readonly locks: OutputLock[] = [];
  private readonly created: string[] = [];

  /** `output` and `outDir` absolute; `isDefaultOutDir` when outDir is `<output>-run`. */
  constructor(
    readonly output: string,
    readonly outDir: string,
    isDefaultOutDir: boolean,
  ) {
    this.checkpoints = join(outDir, 'checkpoints');
    this.metrics = join(outDir, 'metrics.jsonl');
    const willCreate = [outDir, this.checkpoints].filter((d) => !existsSync(d));
    try {
      probeWritable(dirname(output), 'the model');
      if (statSync(output, { throwIfNoEntry: false })?.isDirectory()) throw new ToolError(`${output}: is a folder; the output must be a .onnx file path`);
      if (!isDefaultOutDir) probeWritable(outDir, 'the run folder (metrics, plots, checkpoints)');
      this.created.push(...ensureDir(dirname(output)));
      this.locks.push(lockOutput(output));
      if (!isDefaultOutDir) {
        this.created.push(...ensureDir(dirname(outDir)));
        this.locks.push(lockOutput(outDir));
      }
    } catch (error) {
      this.release(false);
      throw error;
    }
    // Made later by the first write; taken back with the others if the run fails before.
    this.created.push(...willCreate);
    // Holding the locks, every temp file here belongs to a writer that is gone.
    for (const dir of [outDir, this.checkpoints]) removeDeadWritersTempFiles(dir);
    removeStaleTempFiles(output, Date.now(), 0);
  }

  /** Checkpoints of some earlier run in this folder (a new run must not mix with them). */
  earlierCheckpoints(): string[] {
    if (!existsSync(this.checkpoints)) return [];
    return readdirSync(this.checkpoints).filter((f) => /^epoch-\d{4}(-step-\d{6})?\.ckpt$/.test(f)).sort();
  }

  /** metrics.jsonl is derived from the history in the checkpoint, so it never lists an epoch twice. */
  writeMetrics(history: readonly EpochMetrics[]): void {
    writeFileAtomic(this.metrics, Buffer.from(history.map((m) => `${JSON.stringify(epochRecord(m))}\n`).join('')));
  }

  /** Unlocks; after a failure, removes the folders this run made that stayed empty. */
  release(succeeded: boolean): void {
    for (const lock of this.locks.splice(0)) lock.release();
    if (!succeeded) removeEmptyFolders(this.created);
  }
}
