/**
 * Importing the PyTorch exports and our own files: the ModelSpec that comes back is the
 * seed's LeNet5 under its PyTorch parameter names, and spec → ONNX → spec is lossless.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLenetSpec, lenetLayers, type ModelSpec } from '../../src/graph/index.js';
import { loadOnnx, METADATA_KEYS, readOnnx, writeOnnx } from '../../src/export/index.js';
import { fixturesDir } from '../helpers/paths.js';

const torchDir = join(fixturesDir, 'torch');
const legacyPath = join(torchDir, 'torch-seed-arch-adam-legacy.onnx');
const dynamoPath = join(torchDir, 'torch-seed-arch-adam-dynamo.onnx');

function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function expectSameSpec(actual: ModelSpec, expected: ModelSpec): void {
  expect(actual.inputShape).toEqual(expected.inputShape);
  expect(actual.layers).toEqual(expected.layers);
  expect(Object.keys(actual.params)).toEqual(Object.keys(expected.params));
  for (const [name, p] of Object.entries(expected.params)) {
    expect(actual.params[name]!.shape, name).toEqual(p.shape);
    expect(sameBytes(actual.params[name]!.data, p.data), name).toBe(true);
  }
}

describe('importing the PyTorch exports', () => {
  const legacy = loadOnnx(legacyPath);
  const dynamo = loadOnnx(dynamoPath);

  it('legacy (opset 13, inline weights) is the seed LeNet5 chain under net.N names', () => {
    expect(legacy.inputShape).toEqual([3, 32, 32]);
    expect(legacy.layers).toEqual(lenetLayers('sigmoid'));
    expect(Object.keys(legacy.params)).toEqual(['net.0.weight', 'net.0.bias', 'net.3.weight', 'net.3.bias', 'net.6.weight', 'net.6.bias', 'net.8.weight', 'net.8.bias', 'net.10.weight', 'net.10.bias']);
    expect(legacy.params['net.8.weight']!.shape).toEqual([84, 120]);
  });

  it('dynamo (opset 20, external data, Reshape, batch 1) imports to the same spec with identical weights', () => {
    expectSameSpec(dynamo, legacy);
  });

  it('weights are fresh arrays, safe to fine-tune in place', () => {
    const again = loadOnnx(legacyPath);
    again.params['net.0.weight']!.data[0] = 123;
    expect(legacy.params['net.0.weight']!.data[0]).not.toBe(123);
    expect(loadOnnx(legacyPath).params['net.0.weight']!.data[0]).not.toBe(123);
  });

  it('readOnnx on bytes needs baseDir only for external data', () => {
    expectSameSpec(readOnnx(readFileSync(legacyPath)), legacy);
    expect(() => readOnnx(readFileSync(dynamoPath), { source: 'dyn.onnx' })).toThrow(
      /^dyn\.onnx: tensor "0\.weight": weights are in external file "torch-seed-arch-adam-dynamo\.onnx\.data"; load the model from its file \(or pass baseDir\)$/,
    );
    expectSameSpec(readOnnx(readFileSync(dynamoPath), { baseDir: torchDir }), legacy);
  });
});

describe('spec → ONNX → spec', () => {
  for (const arch of ['lenet5', 'lenet5-relu'] as const) {
    it(`${arch}: layers, weights and metadata survive, at opset 13 and 26`, () => {
      const spec = createLenetSpec(arch, 4);
      for (const opset of [13, 26]) {
        const back = readOnnx(writeOnnx(spec, { opset }));
        expectSameSpec(back, spec);
        expect(back.metadata.arch).toBe(arch);
        expect(JSON.parse(back.metadata[METADATA_KEYS.classLabels]!)).toHaveLength(10);
        expect(back.metadata['Image.BitmapPixelFormat']).toBe('Rgb8');
      }
    });
  }

  it('a probabilities output comes back as a trailing softmax layer, and writes back the same', () => {
    const spec = createLenetSpec('lenet5', 4);
    const back = readOnnx(writeOnnx(spec, { probabilities: true }));
    expect(back.layers.map((l) => l.kind).at(-1)).toBe('softmax');
    expect(back.layers.slice(0, -1)).toEqual(spec.layers);
    expect(sameBytes(writeOnnx(back, { probabilities: true }), writeOnnx(spec, { probabilities: true }))).toBe(true);
  });

  it('refuses metadata whose class labels do not fit the output', () => {
    const spec = createLenetSpec('lenet5', 4);
    const bytes = writeOnnx(spec, { metadata: { [METADATA_KEYS.classLabels]: JSON.stringify([...'abcdefghij']) } });
    expect(readOnnx(bytes).metadata[METADATA_KEYS.classLabels]).toBe(JSON.stringify([...'abcdefghij']));
    // Rewrite the labels inside the file to 3 names (same byte length, so the protobuf stays valid).
    const ten = JSON.stringify([...'abcdefghij']);
    const three = JSON.stringify([...'abc']).padEnd(ten.length, ' ');
    const edited = Buffer.from(Buffer.from(bytes).toString('latin1').replace(ten, three), 'latin1');
    expect(edited.length).toBe(bytes.length);
    expect(() => readOnnx(edited, { source: 'm.onnx' })).toThrow(/^m\.onnx: metadata lists 3 class labels but the model has 10 classes$/);
  });
});
