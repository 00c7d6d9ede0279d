/**
 * Checkpoints: everything needed to continue a run bit-exactly — weights, optimizer
 * state, the position (epoch, step), the config, the metric history. RNG state is
 * implicit: batch order and augmentation are pure functions of (seed, epoch, step).
 *
 * File layout: magic "LPCKPT02", u32 LE header length, the SHA-256 (32 bytes) of
 * everything after it, the JSON header, then raw float32 LE blobs at the header's
 * offsets. The digest covers header and blobs, so a torn or corrupted file (even a
 * flipped learning rate) is refused instead of resuming from garbage. Written
 * atomically (temp file, fsync, rename).
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelSpec } from '../graph/model-spec.js';
import { writeFileAtomic } from '../util/atomic-file.js';
import { ToolError } from '../util/errors.js';
import type { TrainConfig } from './config.js';
import type { OptimizerState } from './optim/index.js';
import type { EpochMetrics, Position } from './trainer.js';

const MAGIC = 'LPCKPT02';
const PREFIX = 12 + 32;
const MAX_HEADER = 16 * 1024 * 1024;

export interface Checkpoint {
  config: TrainConfig;
  position: Position;
  spec: ModelSpec;
  optimizer: OptimizerState;
  history: EpochMetrics[];
  /** Free-form facts about the run (data source, counts) for the exported model. */
  info: Record<string, string>;
}

interface BlobEntry {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

interface Header {
  format: 2;
  config: TrainConfig;
  position: Position;
  layers: ModelSpec['layers'];
  inputShape: ModelSpec['inputShape'];
  metadata: ModelSpec['metadata'];
  optimizer: { kind: OptimizerState['kind']; step: number };
  history: EpochMetrics[];
  info: Record<string, string>;
  blobs: BlobEntry[];
}

export function encodeCheckpoint(c: Checkpoint): Uint8Array[] {
  const blobs: BlobEntry[] = [];
  const parts: Uint8Array[] = [];
  let offset = 0;
  const add = (name: string, shape: number[], data: Float32Array): void => {
    const bytes = new Uint8Array(Float32Array.from(data).buffer);
    blobs.push({ name, shape, offset, length: bytes.length });
    parts.push(bytes);
    offset += bytes.length;
  };
  for (const [name, p] of Object.entries(c.spec.params)) add(`param/${name}`, p.shape, p.data);
  for (const [name, data] of Object.entries(c.optimizer.buffers)) add(`optim/${name}`, [data.length], data);
  const header: Header = {
    format: 2, config: c.config, position: c.position, layers: c.spec.layers, inputShape: c.spec.inputShape,
    metadata: c.spec.metadata, optimizer: { kind: c.optimizer.kind, step: c.optimizer.step }, history: c.history,
    info: c.info, blobs,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const hash = createHash('sha256').update(json);
  for (const p of parts) hash.update(p);
  const prefix = new Uint8Array(PREFIX);
  prefix.set(new TextEncoder().encode(MAGIC));
  new DataView(prefix.buffer).setUint32(8, json.length, true);
  prefix.set(hash.digest(), 12);
  return [prefix, json, ...parts];
}

export function saveCheckpoint(path: string, c: Checkpoint): void {
  writeFileAtomic(path, ...encodeCheckpoint(c));
}

const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

export function decodeCheckpoint(bytes: Uint8Array, file: string): Checkpoint {
  const bad = (why: string) => new ToolError(`${file}: not a usable checkpoint (${why})`);
  const magic = bytes.length >= 8 ? new TextDecoder().decode(bytes.subarray(0, 8)) : '';
  if (magic === 'LPCKPT01') throw bad('written by an older version of lenet-portable; start a new run');
  if (bytes.length < PREFIX || magic !== MAGIC) throw bad('wrong magic bytes');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (headerLength > MAX_HEADER || PREFIX + headerLength > bytes.length) throw bad(`header length ${headerLength} exceeds the file`);
  const digest = Buffer.from(bytes.subarray(12, PREFIX)).toString('hex');
  if (createHash('sha256').update(bytes.subarray(PREFIX)).digest('hex') !== digest) throw bad('checksum mismatch: the file is truncated or corrupted');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(PREFIX, PREFIX + headerLength))) as Header;
  } catch {
    throw bad('header is not JSON');
  }
  if (typeof header !== 'object' || header === null || header.format !== 2 || !Array.isArray(header.blobs)) throw bad(`unknown format ${String(header?.format)}`);
  if (!isCount(header.position?.epoch) || !isCount(header.position?.step) || !Array.isArray(header.layers) || typeof header.config !== 'object' || header.config === null) {
    throw bad('header lacks a usable position, config or layer list');
  }
  const body = bytes.subarray(PREFIX + headerLength);
  const params: ModelSpec['params'] = {};
  const buffers: Record<string, Float32Array> = {};
  for (const b of header.blobs) {
    if (typeof b?.name !== 'string' || !isCount(b.offset) || !isCount(b.length) || b.length % 4 !== 0 || b.offset + b.length > body.length) {
      throw bad(`blob ${JSON.stringify(b?.name)} lies outside the file`);
    }
    if (!Array.isArray(b.shape) || !b.shape.every(isCount) || b.shape.reduce((n, d) => n * d, 4) !== b.length) {
      throw bad(`blob ${b.name}: shape ${JSON.stringify(b.shape)} does not match its ${b.length} bytes`);
    }
    const data = new Float32Array(b.length / 4);
    new Uint8Array(data.buffer).set(body.subarray(b.offset, b.offset + b.length));
    if (b.name.startsWith('param/')) params[b.name.slice(6)] = { shape: b.shape, data };
    else if (b.name.startsWith('optim/')) buffers[b.name.slice(6)] = data;
  }
  return {
    config: header.config,
    position: header.position,
    spec: { inputShape: header.inputShape, layers: header.layers, params, metadata: header.metadata },
    optimizer: { ...header.optimizer, buffers },
    history: header.history,
    info: header.info ?? {},
  };
}

export function loadCheckpoint(path: string): Checkpoint {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new ToolError(`${path}: cannot read checkpoint (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return decodeCheckpoint(bytes, path);
}

export const checkpointName = (p: Position): string =>
  `epoch-${String(p.epoch).padStart(4, '0')}${p.step ? `-step-${String(p.step).padStart(6, '0')}` : ''}.ckpt`;

/** Deletes all but the newest `keep` checkpoints in `dir` (names sort by position). */
export function pruneCheckpoints(dir: string, keep: number): void {
  const files = readdirSync(dir).filter((f) => /^epoch-\d{4}(-step-\d{6})?\.ckpt$/.test(f)).sort();
  for (const f of files.slice(0, Math.max(0, files.length - keep))) rmSync(join(dir, f), { force: true });
}
