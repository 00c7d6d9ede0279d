import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOnnx, writeOnnx } from '../../src/export/index.js';
import { onnx } from '../../src/export/onnx-proto.js';
import { readModelIO } from '../../src/runtime/model-io.js';
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
    expect(io).toMatchObject({ inputName: 'input', fixedBatch: null, compared: { name: 'logits', kind: 'logits' }, externalDataFiles: [] });
  });

  it('reads the fixed batch and the external data file of a dynamo export', () => {
    const io = readModelIO(readFileSync(DYNAMO_MODEL), 'dynamo.onnx');
    expect(io.fixedBatch).toBe(1);
    expect(io.externalDataFiles).toEqual(['torch-seed-arch-adam-dynamo.onnx.data']);
  });

  it('compares the logits, not the softmax, when a model outputs both', () => {
    const io = readModelIO(writeOnnx(loadOnnx(LEGACY_MODEL), { probabilities: true }), 'p.onnx');
    expect(io.outputs).toEqual([
      { name: 'logits', kind: 'logits' },
      { name: 'probabilities', kind: 'probabilities' },
    ]);
    expect(io.compared.name).toBe('logits');
  });

  it.each([
    [[1, 1, 28, 28], /must take one float32 image input \[N,3,32,32\]; it takes "input" float32 \[1,1,28,28\]/],
    [['batch', 3, 64, 64], /it takes "input" float32 \[batch,3,64,64\]/],
    [[3, 32, 32], /it takes "input" float32 \[3,32,32\]/],
  ])('refuses input %j in one line naming what it found', (dims, message) => {
    let error: unknown;
    try {
      readModelIO(withInputDims(dims), 'bad.onnx');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ name: 'ToolError', exitCode: 2 });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
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
