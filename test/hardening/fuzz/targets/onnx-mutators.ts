/**
 * ONNX-aware mutations: lies in protobuf length prefixes and varints, in initializer
 * dims and external-data offsets/lengths/locations, in node attributes, and a rewired
 * graph. Structural lies decode the model, change it and encode it again.
 */
import type { Random } from '../../../../src/graph/random.js';
import { onnx, type ModelProto, type TensorProto } from '../../../../src/export/onnx-proto.js';
import { pick } from '../case-random.js';
import { replaceVarint, wireFields } from '../formats/protobuf-wire.js';
import { lyingSize, type Mutator } from '../mutator.js';

/** External data file names prepared next to the fuzzed model (see onnx target). */
export const EXTERNAL_FILES = {
  real: 'torch-seed-arch-adam-dynamo.onnx.data',
  short: 'short.onnx.data',
  folder: 'folder.data',
  /** A symlink inside the model folder that leads out of it. */
  escapingLink: 'escape.data',
  /** A real weights file one level up, outside the model folder. */
  outside: '../outside.data',
} as const;

const HOSTILE_LOCATIONS = [
  EXTERNAL_FILES.short, EXTERNAL_FILES.folder, EXTERNAL_FILES.escapingLink, EXTERNAL_FILES.outside,
  'missing.data', '/etc/hostname', 'C:\\weights.data', 'sub/../../outside.data', '', 'a\0b', '.',
];

function decodeModel(bytes: Uint8Array): ModelProto | null {
  try {
    const model = onnx.ModelProto.decode(bytes);
    return model.graph ? model : null;
  } catch {
    return null;
  }
}

export const lengthPrefixLie: Mutator = {
  name: 'protobuf-length-lie',
  liesAboutLength: true,
  apply(input, rng) {
    const fields = wireFields(input).filter((f) => f.wireType === 2);
    if (fields.length === 0) return input.slice();
    const f = pick(rng, fields);
    return replaceVarint(input, f, lyingSize(rng, f.valueEnd - f.valueAt, input.length - f.valueAt));
  },
};

export const varintLie: Mutator = {
  name: 'protobuf-varint-lie',
  liesAboutLength: true,
  apply(input, rng) {
    const fields = wireFields(input).filter((f) => f.wireType === 0);
    if (fields.length === 0) return input.slice();
    const value = pick<number | bigint>(rng, [0, 1, 2 ** 31, 2 ** 32 + 1, 2 ** 53, -1n, -(2n ** 63n), 2n ** 63n - 1n, rng.int(1000)]);
    return replaceVarint(input, pick(rng, fields), value);
  },
};

/** Apply `change` to a decoded model; inputs that are not models get a length lie instead. */
function structural(name: string, change: (model: ModelProto, rng: Random) => void): Mutator {
  return {
    name,
    liesAboutLength: true,
    apply(input, rng) {
      const model = decodeModel(input);
      if (!model) return lengthPrefixLie.apply(input, rng);
      change(model, rng);
      return onnx.ModelProto.encode(model).finish();
    },
  };
}

function someInitializer(model: ModelProto, rng: Random): TensorProto | undefined {
  const all = model.graph?.initializer ?? [];
  return all.length ? pick(rng, all) : undefined;
}

export const initializerDimsLie = structural('initializer-dims-lie', (model, rng) => {
  const t = someInitializer(model, rng);
  if (!t) return;
  const dims = [...(t.dims ?? [])].map(Number);
  const at = rng.int(dims.length + 1);
  dims[at] = lyingSize(rng, dims[at] ?? 1, 1 << 20) * (rng.next() < 0.1 ? -1 : 1);
  t.dims = dims;
});

export const externalDataLie = structural('external-data-lie', (model, rng) => {
  const t = someInitializer(model, rng);
  if (!t) return;
  const bytes = t.rawData?.length ?? 0;
  const entries = (t.externalData ?? []).map((e) => ({ key: e.key ?? '', value: e.value ?? '' }));
  const set = (key: string, value: string) => {
    const found = entries.find((e) => e.key === key);
    if (found) found.value = value;
    else entries.push({ key, value });
  };
  if (!entries.some((e) => e.key === 'location')) set('location', EXTERNAL_FILES.real);
  switch (rng.int(4)) {
    case 0:
      set('offset', String(lyingSize(rng, 0, 247_896)));
      break;
    case 1:
      set('length', String(lyingSize(rng, bytes, 247_896)));
      break;
    case 2:
      set(pick(rng, ['offset', 'length']), pick(rng, ['-1', '1e9', '0x10', ' 4', '99999999999999999999', 'NaN', '']));
      break;
    default:
      set('location', pick(rng, HOSTILE_LOCATIONS));
  }
  t.externalData = entries;
  t.dataLocation = 1;
  t.rawData = new Uint8Array(0);
});

export const attributeLie = structural('attribute-lie', (model, rng) => {
  const nodes = (model.graph?.node ?? []).filter((n) => (n.attribute ?? []).length > 0);
  if (nodes.length === 0) return;
  const attr = pick(rng, pick(rng, nodes).attribute!);
  const hostile = pick(rng, [0, -1, -(2 ** 31), 2 ** 31 - 1, 2 ** 53, 1e9, 3]);
  switch (rng.int(4)) {
    case 0:
      attr.i = hostile;
      break;
    case 1:
      attr.ints = Array.from({ length: rng.int(6) }, () => (rng.next() < 0.5 ? hostile : rng.int(8)));
      break;
    case 2:
      attr.f = pick(rng, [NaN, Infinity, -1, 0, 1e30]);
      break;
    default:
      attr.type = rng.int(16);
  }
});

export const rewireGraph = structural('rewire-graph', (model, rng) => {
  const nodes = model.graph?.node ?? [];
  if (nodes.length === 0) return;
  const node = pick(rng, nodes);
  const names = nodes.flatMap((n) => [...(n.input ?? []), ...(n.output ?? [])]);
  switch (rng.int(5)) {
    case 0:
      node.input = [...(node.input ?? [])].map((n) => (rng.next() < 0.5 ? pick(rng, names) : n));
      break;
    case 1:
      node.output = [pick(rng, names), ...(rng.next() < 0.3 ? [pick(rng, names)] : [])];
      break;
    case 2:
      node.opType = pick(rng, ['Conv', 'Gemm', 'MaxPool', 'Relu', 'Sigmoid', 'Softmax', 'Reshape', 'Flatten', 'Identity', 'Loop', '']);
      break;
    case 3:
      model.graph!.node = nodes.filter((n) => n !== node);
      break;
    default:
      nodes.splice(rng.int(nodes.length), 0, { ...node });
  }
});

export const ONNX_MUTATORS: readonly Mutator[] = [lengthPrefixLie, varintLie, initializerDimsLie, externalDataLie, attributeLie, rewireGraph];
