/**
 * The writer: structure a runtime expects (names, shapes, attributes, IR/opset,
 * metadata), byte-for-byte determinism, atomic saves, refusal of invalid specs.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CIFAR10_CLASSES, createLenetSpec, type ModelSpec } from '../../src/graph/index.js';
import { checkOnnxModel, METADATA_KEYS, readOnnx, saveOnnx, writeOnnx } from '../../src/export/index.js';
import { AttributeType, DataType, decodeModelProto, int64ToNumber, type Int64Like, type NodeProto } from '../../src/export/onnx-proto.js';
import { ToolError } from '../../src/util/errors.js';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const spec = createLenetSpec('lenet5', 1);

function decoded(bytes: Uint8Array) {
  return decodeModelProto(bytes, 'test');
}

function dims(info: { type?: { tensorType?: { shape?: { dim?: { dimValue?: unknown; dimParam?: string | null }[] | null } | null } | null } | null }) {
  return (info.type?.tensorType?.shape?.dim ?? []).map((d) => d.dimParam || int64ToNumber(d.dimValue as number, 'dim'));
}

function attrs(node: NodeProto): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of node.attribute ?? []) {
    out[a.name!] = a.ints?.length ? a.ints.map((v: Int64Like) => int64ToNumber(v, 'attr')) : a.type === AttributeType.FLOAT ? a.f : int64ToNumber(a.i, 'attr');
  }
  return out;
}

describe('writeOnnx structure', () => {
  const model = decoded(writeOnnx(spec));
  const graph = { node: model.graph?.node ?? [], input: model.graph?.input ?? [], output: model.graph?.output ?? [], initializer: model.graph?.initializer ?? [] };

  it('declares opset 13 with IR 7 and names its producer', () => {
    expect(int64ToNumber(model.irVersion, 'ir')).toBe(7);
    expect(model.opsetImport.map((o) => [o.domain, int64ToNumber(o.version, 'v')])).toEqual([['', 13]]);
    expect(model.producerName).toBe('lenet-portable');
    expect(model.producerVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(int64ToNumber(model.modelVersion, 'v')).toBe(1);
    expect(model.docString).toContain('10 classes');
  });

  it('has input `input` float32 [batch,3,32,32] and output `logits` [batch,10]', () => {
    expect(graph.input.map((i) => [i.name, i.type?.tensorType?.elemType, dims(i)])).toEqual([['input', 1, ['batch', 3, 32, 32]]]);
    expect(graph.output.map((o) => [o.name, o.type?.tensorType?.elemType, dims(o)])).toEqual([['logits', 1, ['batch', 10]]]);
  });

  it('emits the LeNet op chain with named, documented nodes and ONNX attributes', () => {
    expect(graph.node.map((n) => n.opType)).toEqual(['Conv', 'Sigmoid', 'MaxPool', 'Conv', 'Sigmoid', 'MaxPool', 'Conv', 'Flatten', 'Gemm', 'Sigmoid', 'Gemm']);
    expect(graph.node.map((n) => n.name)).toEqual(spec.layers.map((l) => l.name));
    for (const n of graph.node) expect(n.docString).not.toBe('');
    expect(attrs(graph.node[0]!)).toEqual({ dilations: [1, 1], group: 1, kernel_shape: [5, 5], pads: [0, 0, 0, 0], strides: [1, 1] });
    expect(attrs(graph.node[2]!)).toEqual({ ceil_mode: 0, kernel_shape: [2, 2], pads: [0, 0, 0, 0], strides: [2, 2] });
    expect(attrs(graph.node[7]!)).toEqual({ axis: 1 });
    expect(attrs(graph.node[8]!)).toEqual({ alpha: 1, beta: 1, transB: 1 });
    expect(graph.node[8]!.input).toEqual(['net.7.output', 'net.8.weight', 'net.8.bias']);
    expect(graph.node[10]!.output).toEqual(['logits']);
  });

  it('stores initializers under the PyTorch names as little-endian raw_data', () => {
    expect(graph.initializer.map((t) => t.name)).toEqual(Object.keys(spec.params));
    for (const t of graph.initializer) {
      const p = spec.params[t.name!]!;
      const raw = t.rawData ?? new Uint8Array();
      expect(t.dataType).toBe(DataType.FLOAT);
      expect((t.dims ?? []).map((d) => int64ToNumber(d, 'd'))).toEqual(p.shape);
      expect(t.floatData).toHaveLength(0);
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      expect(raw.length).toBe(p.data.length * 4);
      expect(view.getFloat32(0, true)).toBe(p.data[0]);
      expect(view.getFloat32(raw.length - 4, true)).toBe(p.data[p.data.length - 1]);
    }
  });

  it('writes the image metadata with unique, sorted keys', () => {
    const keys = model.metadataProps.map((e) => e.key!);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(keys);
    const meta = Object.fromEntries(model.metadataProps.map((e) => [e.key, e.value]));
    expect(JSON.parse(meta[METADATA_KEYS.classLabels]!)).toEqual([...CIFAR10_CLASSES]);
    expect(meta['Image.BitmapPixelFormat']).toBe('Rgb8');
    expect(meta['Image.ColorSpaceGamma']).toBe('SRGB');
    expect(meta['Image.NominalPixelRange']).toBe('NominalRange_0_255');
    expect(meta[METADATA_KEYS.license]).toBe('MIT');
    const pre = JSON.parse(meta[METADATA_KEYS.preprocessing]!);
    expect(pre).toMatchObject({ color: 'RGB', layout: 'NCHW', scale: 'x/255', mean: null, std: null, resize: { width: 32, height: 32, filter: 'bilinear', antialias: true } });
    expect(meta.arch).toBe('lenet5');
  });

  it('takes training summary, labels and overrides from the spec and options', () => {
    const labelled: ModelSpec = {
      ...spec,
      metadata: { [METADATA_KEYS.training]: JSON.stringify({ data: 'cifar10', epochs: 3, testAccuracy: 0.5 }), [METADATA_KEYS.classLabels]: JSON.stringify('abcdefghij'.split('')) },
    };
    const m = decoded(writeOnnx(labelled, { metadata: { [METADATA_KEYS.license]: 'CC-BY-4.0' } }));
    const meta = Object.fromEntries(m.metadataProps.map((e) => [e.key, e.value]));
    expect(JSON.parse(meta[METADATA_KEYS.training]!)).toEqual({ data: 'cifar10', epochs: 3, testAccuracy: 0.5 });
    expect(JSON.parse(meta[METADATA_KEYS.classLabels]!)).toEqual('abcdefghij'.split(''));
    expect(meta[METADATA_KEYS.license]).toBe('CC-BY-4.0');
  });

  it('adds a Softmax `probabilities` output on request', () => {
    const m = decoded(writeOnnx(spec, { probabilities: true }));
    expect((m.graph?.output ?? []).map((o) => [o.name, dims(o)])).toEqual([['logits', ['batch', 10]], ['probabilities', ['batch', 10]]]);
    const last = (m.graph?.node ?? []).at(-1)!;
    expect([last.opType, last.input, last.output, attrs(last)]).toEqual(['Softmax', ['logits'], ['probabilities'], { axis: 1 }]);
  });

  it('picks the lowest IR version that carries the requested opset', () => {
    const ir = (opset: number) => int64ToNumber(decoded(writeOnnx(spec, { opset })).irVersion, 'ir');
    expect([11, 13, 15, 19, 21, 23, 24, 26].map(ir)).toEqual([6, 7, 8, 9, 10, 11, 12, 13]);
  });
});

describe('writeOnnx determinism and checks', () => {
  it('gives byte-identical files for the same weights and options', () => {
    const a = writeOnnx(spec, { probabilities: true });
    const b = writeOnnx(createLenetSpec('lenet5', 1), { probabilities: true });
    expect(sha256(a)).toBe(sha256(b));
    expect(sha256(writeOnnx(readOnnx(a), { probabilities: true }))).toBe(sha256(a));
    expect(sha256(writeOnnx(createLenetSpec('lenet5', 2)))).not.toBe(sha256(writeOnnx(spec)));
  });

  it('does not depend on metadata insertion order', () => {
    const m1 = { ...spec, metadata: { a: '1', b: '2' } };
    const m2 = { ...spec, metadata: { b: '2', a: '1' } };
    expect(sha256(writeOnnx(m1))).toBe(sha256(writeOnnx(m2)));
  });

  it('passes the structural checker at every supported opset, for both architectures', () => {
    for (const arch of ['lenet5', 'lenet5-relu'] as const) {
      for (let opset = 11; opset <= 26; opset++) {
        expect(checkOnnxModel(writeOnnx(createLenetSpec(arch, 3), { opset, probabilities: true })), `${arch} opset ${opset}`).toEqual([]);
      }
    }
  });

  it('refuses unsupported opsets and invalid specs with one-line errors', () => {
    expect(() => writeOnnx(spec, { opset: 10 })).toThrow(/opset 10 not supported for export/);
    expect(() => writeOnnx(spec, { opset: 27 })).toThrow(ToolError);
    const missing = { ...spec, params: { ...spec.params } };
    delete missing.params['net.3.bias'];
    expect(() => writeOnnx(missing)).toThrow(/layer "net.3" \(conv2d\): parameter "net.3.bias" is missing/);
    const misshaped = { ...spec, params: { ...spec.params, 'net.8.weight': { shape: [120, 84], data: spec.params['net.8.weight']!.data } } };
    expect(() => writeOnnx(misshaped)).toThrow(/"net.8.weight" has shape \[120,84\], expected \[84,120\]/);
    const extra = { ...spec, params: { ...spec.params, stray: { shape: [1], data: new Float32Array(1) } } };
    expect(() => writeOnnx(extra)).toThrow(/stray not used by any layer/);
    expect(() => writeOnnx({ ...spec, inputShape: [1, 32, 32] })).toThrow(/input \[1,32,32\] is not the \[3,32,32\] RGB image/);
    const badLabels = { ...spec, metadata: { [METADATA_KEYS.classLabels]: '["a","b"]' } };
    expect(() => writeOnnx(badLabels)).toThrow(/2 class labels but the model has 10 classes/);
    for (const bad of [missing, misshaped, extra, badLabels]) {
      try {
        writeOnnx(bad);
      } catch (err) {
        expect((err as Error).message).not.toContain('\n');
      }
    }
  });
});

describe('saveOnnx', () => {
  const dir = mkdtempSync(join(tmpdir(), 'export-save-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the same bytes as writeOnnx, leaving no temp files', () => {
    const path = join(dir, 'nested', 'model.onnx');
    saveOnnx(path, spec);
    saveOnnx(path, spec); // overwrite in place
    expect(sha256(readFileSync(path))).toBe(sha256(writeOnnx(spec, { target: path })));
    expect(readdirSync(join(dir, 'nested'))).toEqual(['model.onnx']);
  });

  it('leaves an existing file untouched when the spec is invalid', () => {
    const path = join(dir, 'keep.onnx');
    saveOnnx(path, spec);
    const before = sha256(readFileSync(path));
    expect(() => saveOnnx(path, { ...spec, layers: [] })).toThrow(/no layers/);
    expect(sha256(readFileSync(path))).toBe(before);
    expect(readdirSync(dir).filter((f) => f.includes('keep'))).toEqual(['keep.onnx']);
  });
});
