/**
 * Checkpoints: real ones from encodeCheckpoint (both architectures, SGD and Adam
 * state, a history). Lies: the u32 header length, blob offsets/lengths/shapes, and any
 * header value given a wrong type. A checkpoint the reader accepts must be sound:
 * every blob's values match its shape, the position and config are usable.
 */
import { createHash } from 'node:crypto';
import { buildModel, createLenetSpec, createReferenceBackend, type Arch, type Random } from '../../../../src/graph/index.js';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../../../../src/train/checkpoint.js';
import { DEFAULT_CONFIG, type TrainConfig } from '../../../../src/train/config.js';
import { createOptimizer } from '../../../../src/train/trainer.js';
import { pick } from '../case-random.js';
import { concat, GENERIC_MUTATORS } from '../generic-mutators.js';
import { HOSTILE_JSON, jsonLeaves, joinJsonHeader, setAt, splitJsonHeader, type JsonHeaderLayout } from '../formats/json-header.js';
import { lyingSize, type Mutator } from '../mutator.js';
import type { FuzzTarget } from '../target.js';
import { attempt } from '../verdict.js';

const NAME = 'fuzz-case.ckpt';
// magic (8), header length (u32), SHA-256 of the rest (32), then the JSON header.
const LAYOUT: JsonHeaderLayout = { preamble: 44, lengthAt: 8 };

/** Re-signs a mutated file, so header lies get past the digest and test the header checks themselves. */
function resign(file: Uint8Array): Uint8Array {
  if (file.length < 44) return file;
  const out = file.slice();
  out.set(createHash('sha256').update(out.subarray(44)).digest(), 12);
  return out;
}

async function realCheckpoint(arch: Arch, optimizer: TrainConfig['optimizer']): Promise<Uint8Array> {
  const config: TrainConfig = { ...DEFAULT_CONFIG, arch, optimizer, epochs: 2 };
  const spec = createLenetSpec(arch, 4);
  const model = buildModel(spec, createReferenceBackend('float32'));
  const opt = createOptimizer(model, config);
  const test = { loss: 2.2, accuracy: 0.5, perClassAccuracy: [1, 0], confusion: [[1, 0], [1, 0]], count: 2 };
  const history = [{ epoch: 1, trainLoss: 2.3, trainAccuracy: 0.1, test, lr: 0.05, seconds: 1.5, imagesPerSecond: 900 }];
  const c: Checkpoint = { config, position: { epoch: 1, step: 3 }, spec, optimizer: await opt.state(), history, info: { data: 'synthetic' } };
  opt.dispose();
  model.dispose();
  return concat(encodeCheckpoint(c));
}

function headerLie(name: string, change: (header: Record<string, unknown>, rng: Random) => void): Mutator {
  return {
    name,
    liesAboutLength: true,
    apply(input, rng) {
      const parts = splitJsonHeader(input, LAYOUT);
      if (!parts || typeof parts.header !== 'object' || parts.header === null) return headerLengthLie.apply(input, rng);
      change(parts.header as Record<string, unknown>, rng);
      return resign(joinJsonHeader(parts, LAYOUT));
    },
  };
}

const headerLengthLie: Mutator = {
  name: 'header-length-lie',
  liesAboutLength: true,
  apply(input, rng) {
    const out = input.length >= 12 ? input.slice() : concat([input, new Uint8Array(12 - input.length)]);
    const view = new DataView(out.buffer);
    view.setUint32(8, lyingSize(rng, view.getUint32(8, true), out.length) >>> 0, true);
    return resign(out);
  },
};

const blobLie = headerLie('blob-lie', (header, rng) => {
  const blobs = header.blobs as Record<string, unknown>[] | undefined;
  if (!Array.isArray(blobs) || blobs.length === 0) return;
  const blob = pick(rng, blobs);
  const field = pick(rng, ['offset', 'length', 'shape', 'name']);
  const honest = typeof blob[field] === 'number' ? (blob[field] as number) : 0;
  if (field === 'shape') blob.shape = [lyingSize(rng, 1, 1 << 16), ...(rng.next() < 0.5 ? [-1] : [])];
  else blob[field] = rng.next() < 0.6 ? lyingSize(rng, honest, 1 << 20) * (rng.next() < 0.15 ? -1 : 1) : pick(rng, HOSTILE_JSON);
});

const valueLie = headerLie('header-value-lie', (header, rng) => {
  const leaves = jsonLeaves(header);
  if (leaves.length) setAt(header, pick(rng, leaves), pick(rng, HOSTILE_JSON));
  else header[pick(rng, ['config', 'position', 'layers', 'blobs', 'optimizer'])] = pick(rng, HOSTILE_JSON);
});

const isCount = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;

/** Why a checkpoint the reader accepted could not be resumed from, or null. */
function unsound(c: Checkpoint): string | null {
  if (!isCount(c.position?.epoch) || !isCount(c.position?.step)) return `position ${JSON.stringify(c.position)}`;
  if (!Array.isArray(c.spec.layers) || typeof c.config !== 'object' || c.config === null) return 'layers or config missing';
  for (const [name, p] of Object.entries(c.spec.params)) {
    if (!Array.isArray(p.shape) || !p.shape.every(isCount)) return `param ${name} shape ${JSON.stringify(p.shape)}`;
    if (p.shape.reduce((a, b) => a * b, 1) !== p.data.length) return `param ${name}: ${p.data.length} values for shape [${p.shape}]`;
  }
  return null;
}

export const checkpointTarget: FuzzTarget = {
  reader: 'checkpoint',
  names: [NAME],
  mutators: [...GENERIC_MUTATORS, headerLengthLie, blobLie, valueLie],

  async buildCorpus() {
    return [
      { name: 'lenet5-sgd.ckpt', bytes: await realCheckpoint('lenet5', 'sgd') },
      { name: 'lenet5-relu-adam.ckpt', bytes: await realCheckpoint('lenet5-relu', 'adam') },
    ];
  },

  async read(bytes) {
    return attempt([NAME], () => decodeCheckpoint(bytes, NAME), unsound);
  },
};
