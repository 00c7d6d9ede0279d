import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOnnx, writeOnnx } from '../../src/export/index.js';
import { onnx } from '../../src/export/onnx-proto.js';
import { describeTensorInfo, isLenetInterface, readModelIO } from '../../src/runtime/model-io.js';
import { fixturesDir } from '../helpers/paths.js';
import { loadModelUnderTest } from '../../src/runtime/model-under-test.js';
import { DYNAMO_MODEL, LEGACY_MODEL } from './torch-fixture.js';

/** The legacy model with its input declared as `dims`. */
function withInputDims(dims: (number | string)[]): Uint8Array {
  const proto = onnx.ModelProto.decode(readFileSync(LEGACY_MODEL));
  const shape = proto.graph!.input![0]!.type!.tensorType!.shape!;
  shape.dim = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return onnx.ModelProto.encode(proto).finish();
}

describe('readModelIO', () => {
  it('reads a dynamic batch and the logits output of a legacy torch.onnx export', () => {
    const io = readModelIO(readFileSync(LEGACY_MODEL), 'legacy.onnx');
    expect(io).toMatchObject({ inputs: [{ name: 'input', type: 'float32', dims: ['batch', 3, 32, 32] }], fixedBatch: null, compared: { name: 'logits', kind: 'logits' }, externalDataFiles: [] });
    expect(isLenetInterface(io)).toBe(true);
  });

  it('reads the fixed batch and the external data file of a dynamo export', () => {
    const io = readModelIO(readFileSync(DYNAMO_MODEL), 'dynamo.onnx');
    expect(io.fixedBatch).toBe(1);
    expect(io.externalDataFiles).toEqual(['torch-seed-arch-adam-dynamo.onnx.data']);
  });

  it('compares the logits, not the softmax, when a model outputs both', () => {
    const io = readModelIO(writeOnnx(loadOnnx(LEGACY_MODEL), { probabilities: true }), 'p.onnx');
    expect(io.outputs).toMatchObject([
      { name: 'logits', kind: 'logits', type: 'float32' },
      { name: 'probabilities', kind: 'probabilities', type: 'float32' },
    ]);
    expect(io.compared.name).toBe('logits');
  });

  it.each([
    [[1, 1, 28, 28], { layout: 'NCHW', channels: 1, height: 28, width: 28 }],
    [['batch', 3, 64, 64], { layout: 'NCHW', channels: 3, height: 64, width: 64 }],
    [[1, 224, 224, 3], { layout: 'NHWC', channels: 3, height: 224, width: 224 }],
    [[3, 32, 32], null],
  ])('reads input %j, an image input or not, without refusing it', (dims, image) => {
    const io = readModelIO(withInputDims(dims), 'other.onnx');
    expect(io.inputs).toMatchObject([{ name: 'input', type: 'float32', dims }]);
    expect(io.image).toEqual(image === null ? null : { name: 'input', ...image });
    expect(isLenetInterface(io)).toBe(false);
  });

  it('reads every input and output of a model with two of each, and int64 token ids', () => {
    const heads = readModelIO(readFileSync(join(fixturesDir, 'zoo', 'two-heads', 'model.onnx')), 'two-heads');
    expect(heads.inputs.map(describeTensorInfo)).toEqual(['"img" float32 [batch,3,48,48]', '"meta" float32 [batch,8]']);
    expect(heads.outputs.map((o) => [o.name, o.kind])).toEqual([['output0', 'probabilities'], ['output1', 'logits']]);
    expect(heads.image).toEqual({ name: 'img', layout: 'NCHW', channels: 3, height: 48, width: 48 });
    const tokens = readModelIO(readFileSync(join(fixturesDir, 'zoo', 'token-classifier', 'model.onnx')), 'tokens');
    expect(tokens.inputs.map(describeTensorInfo)).toEqual(['"ids" int64 [batch,12]']);
    expect(tokens.image).toBeNull();
  });
});

describe('loadModelUnderTest', () => {
  it('reports a missing file as a one-line usage error', async () => {
    await expect(loadModelUnderTest('/nonexistent/model.onnx')).rejects.toMatchObject({ exitCode: 2, message: '/nonexistent/model.onnx: no such model file' });
  });

  it('reports a file that is not ONNX', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'model-io-'));
    await writeFile(join(dir, 'notes.onnx'), 'just some text, not a protobuf\n');
    await expect(loadModelUnderTest(join(dir, 'notes.onnx'))).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/notes\.onnx: not a valid ONNX protobuf/) });
  });

  it('loads external data with the model, and keeps the engine reading', async () => {
    const model = await loadModelUnderTest(DYNAMO_MODEL);
    expect(model.externalData.map((f) => [f.path, f.data.length])).toEqual([['torch-seed-arch-adam-dynamo.onnx.data', 247896]]);
    expect(model.spec?.layers).toHaveLength(11);
    expect(model.engineError).toBeNull();
  });
});
