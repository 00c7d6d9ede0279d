/**
 * The three files the tool rewrites in place — a checkpoint, an ONNX model, the decoded
 * cache — each in numbered versions made by the real writers, so a test can tell
 * exactly which complete version (if any) a file holds, reading it with the real reader.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadOnnx, saveOnnx } from '../../../src/export/index.js';
import { createLenetSpec, type ModelSpec } from '../../../src/graph/index.js';
import { loadCheckpoint, saveCheckpoint, type Checkpoint } from '../../../src/train/checkpoint.js';
import { DEFAULT_CONFIG } from '../../../src/train/config.js';
import { readDecodedCache, writeDecodedCache } from '../../../src/train/data/decoded-cache.js';
import type { Dataset } from '../../../src/train/data/dataset.js';
import { syntheticDataset } from '../../helpers/synthetic-data.js';

export const FILE_KINDS = ['checkpoint', 'model', 'cache'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export interface VersionedFile {
  fileName: string;
  /** Writes version `v` with the tool's own (atomic) writer. */
  write(path: string, v: number): void;
  /** The version the real reader finds at `path`; throws if it cannot read it. */
  readVersion(path: string): number;
}

const spec: ModelSpec = createLenetSpec('lenet5', 9);
const zeros = (n: number) => new Float32Array(n);

function checkpointOf(v: number): Checkpoint {
  const buffers = Object.fromEntries(Object.entries(spec.params).map(([name, p]) => [`velocity/${name}`, zeros(p.data.length).fill(v)]));
  return { config: DEFAULT_CONFIG, position: { epoch: 0, step: v }, spec, optimizer: { kind: 'sgd', step: v, buffers }, history: [], info: {} };
}

const modelOptions = (v: number) => ({ metadata: { crash_test_version: String(v) } });

/** About 7 MB, so a kill often lands inside the write. */
const dataset: Dataset = syntheticDataset(2000, 300, 10, 5);
const IDENTITY = { source: 'crash-test' };
const datasetOf = (v: number): Dataset => ({ ...dataset, source: `version ${v}` });

export const VERSIONED_FILES: Record<FileKind, VersionedFile> = {
  checkpoint: {
    fileName: 'run.ckpt',
    write: (path, v) => saveCheckpoint(path, checkpointOf(v)),
    readVersion: (path) => loadCheckpoint(path).position.step,
  },
  model: {
    fileName: 'lenet.onnx',
    write: (path, v) => saveOnnx(path, spec, modelOptions(v)),
    readVersion: (path) => Number(loadOnnx(path).metadata.crash_test_version),
  },
  cache: {
    fileName: 'decoded.cache',
    write: (path, v) => writeDecodedCache(path, IDENTITY, datasetOf(v)),
    readVersion(path) {
      const lookup = readDecodedCache(path, IDENTITY);
      if (lookup.status !== 'hit') throw new Error(`${path}: cache ${lookup.status} (${lookup.reason})`);
      return Number(lookup.dataset.source.replace('version ', ''));
    },
  },
};

/** The exact bytes of version `v`, as the real writer writes them (into `scratchDir`). */
export function expectedBytes(kind: FileKind, v: number, scratchDir: string): Buffer {
  const path = join(scratchDir, `expected-${v}-${VERSIONED_FILES[kind].fileName}`);
  VERSIONED_FILES[kind].write(path, v);
  return readFileSync(path);
}
