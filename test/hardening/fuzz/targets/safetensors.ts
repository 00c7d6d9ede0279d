/**
 * safetensors: our writer's LeNet weights (with metadata) and a hand-made file with
 * every dtype we read (F16, BF16, F64, an empty F32). Lies: the 8-byte header length,
 * data_offsets, shapes and dtypes inside the JSON header.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSafetensors, writeSafetensors } from '../../../../src/export/index.js';
import { createLenetSpec, type Random } from '../../../../src/graph/index.js';
import { pick } from '../case-random.js';
import { concat, GENERIC_MUTATORS } from '../generic-mutators.js';
import { lyingSize, type Mutator } from '../mutator.js';
import type { FuzzTarget } from '../target.js';
import { attempt } from '../verdict.js';

const CASE_FILE = 'fuzz-case.safetensors';

type Header = Record<string, unknown>;

function split(file: Uint8Array): { header: Header; data: Uint8Array } | null {
  if (file.length < 8) return null;
  const length = Number(new DataView(file.buffer, file.byteOffset, 8).getBigUint64(0, true));
  try {
    const header = JSON.parse(Buffer.from(file.subarray(8, 8 + length)).toString('utf8')) as Header;
    return typeof header === 'object' && header !== null ? { header, data: file.subarray(8 + length) } : null;
  } catch {
    return null;
  }
}

function join8(header: Header, data: Uint8Array): Uint8Array {
  const json = Buffer.from(JSON.stringify(header));
  const prefix = new Uint8Array(8);
  new DataView(prefix.buffer).setBigUint64(0, BigInt(json.length), true);
  return concat([prefix, json, data]);
}

/** Every dtype the reader converts, laid out by hand as the format describes. */
function mixedDtypes(): Uint8Array {
  const f16 = Uint8Array.from([0x00, 0x3c, 0x00, 0xc0, 0x00, 0x7c, 0x01, 0x00, 0xff, 0x7b, 0x00, 0x80]); // 1, -2, inf, tiny, max, -0
  const bf16 = Uint8Array.from([0x80, 0x3f, 0x00, 0x40, 0xc0, 0x7f, 0x80, 0xbf]);
  const f64 = new Uint8Array(new Float64Array([Math.PI, -1e300]).buffer);
  let at = 0;
  const entry = (dtype: string, shape: number[], bytes: Uint8Array) => ({ dtype, shape, data_offsets: [at, (at += bytes.length)] });
  const header = {
    __metadata__: { format: 'pt' },
    half: entry('F16', [2, 3], f16),
    brain: entry('BF16', [4], bf16),
    double: entry('F64', [2], f64),
    empty: entry('F32', [0, 5], new Uint8Array(0)),
  };
  return join8(header, concat([f16, bf16, f64]));
}

function jsonLie(name: string, change: (header: Header, rng: Random) => void): Mutator {
  return {
    name,
    liesAboutLength: true,
    apply(input, rng) {
      const parts = split(input);
      if (!parts) return headerLengthLie.apply(input, rng);
      change(parts.header, rng);
      return join8(parts.header, parts.data);
    },
  };
}

const tensorEntry = (header: Header, rng: Random): Record<string, unknown> | undefined => {
  const names = Object.keys(header).filter((k) => k !== '__metadata__');
  return names.length ? (header[pick(rng, names)] as Record<string, unknown>) : undefined;
};

const HOSTILE_VALUES: unknown[] = [-1, 0.5, '8', null, [], {}, 2 ** 53, 1e300, true];

const headerLengthLie: Mutator = {
  name: 'header-length-lie',
  liesAboutLength: true,
  apply(input, rng) {
    const out = input.length >= 8 ? input.slice() : concat([input, new Uint8Array(8 - input.length)]);
    const honest = Number(new DataView(out.buffer).getBigUint64(0, true));
    const lie = rng.next() < 0.2 ? 2n ** 64n - 1n : BigInt(lyingSize(rng, honest, input.length));
    new DataView(out.buffer).setBigUint64(0, lie, true);
    return out;
  },
};

const offsetsLie = jsonLie('data-offsets-lie', (header, rng) => {
  const entry = tensorEntry(header, rng);
  if (!entry) return;
  const offsets = Array.isArray(entry.data_offsets) ? [...(entry.data_offsets as unknown[])] : [0, 0];
  const i = rng.int(2);
  offsets[i] = rng.next() < 0.7 ? lyingSize(rng, Number(offsets[i]) || 0, 250_000) : pick(rng, HOSTILE_VALUES);
  entry.data_offsets = rng.next() < 0.1 ? offsets.slice(0, 1) : offsets;
});

const shapeLie = jsonLie('shape-lie', (header, rng) => {
  const entry = tensorEntry(header, rng);
  if (!entry) return;
  const shape = Array.isArray(entry.shape) ? [...(entry.shape as unknown[])] : [];
  shape[rng.int(shape.length + 1)] = rng.next() < 0.7 ? lyingSize(rng, 1, 65_536) : pick(rng, HOSTILE_VALUES);
  entry.shape = shape;
});

const dtypeLie = jsonLie('dtype-or-metadata-lie', (header, rng) => {
  if (rng.next() < 0.3) {
    header.__metadata__ = pick(rng, [{ k: 1 }, 'text', null, [1], { k: 'v' }]);
    return;
  }
  const entry = tensorEntry(header, rng);
  if (entry) entry.dtype = pick(rng, ['F16', 'BF16', 'F64', 'F32', 'I8', 'BOOL', 'f32', 7, null, '__proto__']);
});

export const safetensorsTarget: FuzzTarget = {
  reader: 'safetensors',
  names: [CASE_FILE],
  mutators: [...GENERIC_MUTATORS, headerLengthLie, offsetsLie, shapeLie, dtypeLie],

  async buildCorpus() {
    return [
      { name: 'ours-lenet5.safetensors', bytes: writeSafetensors(createLenetSpec('lenet5', 1).params, { arch: 'lenet5' }) },
      { name: 'mixed-dtypes.safetensors', bytes: mixedDtypes() },
    ];
  },

  async read(bytes, _seed, scratch) {
    const path = join(scratch, CASE_FILE);
    writeFileSync(path, bytes);
    return attempt([CASE_FILE], () => loadSafetensors(path), ({ tensors }) => {
      for (const [name, t] of Object.entries(tensors)) {
        if (t.data.length !== t.shape.reduce((a, b) => a * b, 1)) return `tensor "${name}" has ${t.data.length} values for shape [${t.shape}]`;
      }
      return null;
    });
  },
};
