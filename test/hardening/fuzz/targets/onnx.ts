/**
 * ONNX: our own exports (both architectures, with and without the softmax output, old
 * and default opset), the PyTorch fixtures (legacy inline weights; dynamo with external
 * data) and a test-data TensorProto. Each case goes through every entry point a user
 * reaches: loadOnnx (train --init), inspectOnnx (inspect-onnx), loadModelUnderTest
 * (verify-parity, predict) — or decodeFloatTensorProto for the .pb.
 */
import { copyFileSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { inspectOnnx, loadOnnx, writeOnnx } from '../../../../src/export/index.js';
import { onnx } from '../../../../src/export/onnx-proto.js';
import { MIN_WRITE_OPSET } from '../../../../src/export/opsets.js';
import { decodeFloatTensorProto, encodeFloatTensorProto } from '../../../../src/export/tensor-proto-io.js';
import { createLenetSpec } from '../../../../src/graph/index.js';
import { loadModelUnderTest } from '../../../../src/runtime/model-under-test.js';
import { fixturesDir } from '../../../helpers/paths.js';
import { GENERIC_MUTATORS } from '../generic-mutators.js';
import type { FuzzTarget, Seed } from '../target.js';
import { attempt, combine } from '../verdict.js';
import { EXTERNAL_FILES, ONNX_MUTATORS } from './onnx-mutators.js';

const CASE_FILE = 'fuzz-case.onnx';
const TENSOR_SEED = 'input_0.pb';
let modelDir = '';

function prepareModelFolder(corpusDir: string): void {
  modelDir = join(corpusDir, 'model');
  mkdirSync(join(modelDir, EXTERNAL_FILES.folder), { recursive: true });
  const data = join(fixturesDir, 'torch', EXTERNAL_FILES.real);
  copyFileSync(data, join(modelDir, EXTERNAL_FILES.real));
  writeFileSync(join(modelDir, EXTERNAL_FILES.short), readFileSync(data).subarray(0, 1000));
  copyFileSync(data, resolve(modelDir, EXTERNAL_FILES.outside));
  symlinkSync(resolve(modelDir, EXTERNAL_FILES.outside), join(modelDir, EXTERNAL_FILES.escapingLink));
}

/** External data locations of `bytes` that lead outside the model folder (through `..` or a link). */
function escapingLocations(bytes: Uint8Array): string[] {
  let model;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch {
    return [];
  }
  const inside = realpathSync(modelDir);
  const out: string[] = [];
  for (const t of model.graph?.initializer ?? []) {
    const location = (t.externalData ?? []).find((e) => e.key === 'location')?.value;
    if (!location) continue;
    let real: string;
    try {
      real = realpathSync(resolve(modelDir, location));
    } catch {
      continue;
    }
    if (dirname(real) !== inside && !real.startsWith(`${inside}/`)) out.push(location);
  }
  return out;
}

function noEscape(bytes: Uint8Array, reader: string): () => string | null {
  return () => {
    const escaped = escapingLocations(bytes);
    return escaped.length ? `${reader} accepted external data outside the model folder: ${escaped.join(', ')}` : null;
  };
}

export const onnxTarget: FuzzTarget = {
  reader: 'onnx',
  names: [CASE_FILE],
  mutators: [...GENERIC_MUTATORS, ...ONNX_MUTATORS],

  async buildCorpus({ corpus }) {
    prepareModelFolder(corpus);
    const fixture = (name: string): Seed => ({ name, bytes: new Uint8Array(readFileSync(join(fixturesDir, 'torch', name))) });
    const input = Float32Array.from({ length: 3 * 32 * 32 }, (_, i) => (i % 97) / 97);
    return [
      { name: 'ours-lenet5.onnx', bytes: writeOnnx(createLenetSpec('lenet5', 1)) },
      { name: 'ours-lenet5-relu-softmax.onnx', bytes: writeOnnx(createLenetSpec('lenet5-relu', 2), { probabilities: true }) },
      { name: `ours-lenet5-opset${MIN_WRITE_OPSET}.onnx`, bytes: writeOnnx(createLenetSpec('lenet5', 3), { opset: MIN_WRITE_OPSET }) },
      fixture('torch-seed-arch-adam-legacy.onnx'),
      fixture('torch-seed-arch-adam-dynamo.onnx'),
      { name: TENSOR_SEED, bytes: encodeFloatTensorProto('input', [1, 3, 32, 32], input) },
    ];
  },

  async read(bytes, seed) {
    const path = join(modelDir, CASE_FILE);
    const names = [path];
    if (seed.name === TENSOR_SEED) {
      return attempt(names, () => decodeFloatTensorProto(bytes, path), (t) =>
        t.data.length === t.dims.reduce((a, b) => a * b, 1) ? null : `tensor of ${t.data.length} values for dims [${t.dims}]`,
      );
    }
    writeFileSync(path, bytes);
    return combine(
      await attempt(names, () => loadOnnx(path), noEscape(bytes, 'loadOnnx')),
      await attempt(names, () => inspectOnnx(bytes, { baseDir: modelDir, source: path })),
      await attempt(names, () => loadModelUnderTest(path), noEscape(bytes, 'loadModelUnderTest')),
    );
  },
};
