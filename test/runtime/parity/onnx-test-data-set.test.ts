/**
 * A written test case replays in onnxruntime the way ONNX's runners do it: load
 * DIR/model.onnx, feed input_0.pb, compare every output_<i>.pb by graph output order.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { loadOnnx, writeOnnx } from '../../../src/export/index.js';
import { decodeFloatTensorProto } from '../../../src/export/tensor-proto-io.js';
import { loadModelUnderTest, modelFromBytes, type ModelUnderTest } from '../../../src/runtime/model-under-test.js';
import { writeOnnxTestDataSet } from '../../../src/runtime/parity/onnx-test-data-set.js';
import { imagesOf, randomInputs, type ParityInputs } from '../../../src/runtime/parity/parity-inputs.js';
import { findRuntime } from '../../../src/runtime/registry.js';
import { runBatches } from '../../../src/runtime/run-batches.js';
import { createRuntimeContext } from '../../../src/runtime/runtime-context.js';
import { DYNAMO_MODEL, LEGACY_MODEL } from '../torch-fixture.js';

const context = createRuntimeContext({ threads: 1 });

async function engineOutputs(model: ModelUnderTest, inputs: ParityInputs) {
  const opened = await findRuntime('engine-cpu').open(model, context);
  if (!opened.available) throw new Error(opened.reason);
  try {
    return await runBatches(opened.session, imagesOf(inputs), inputs.count, { io: model.io });
  } finally {
    await opened.session.close();
  }
}

/** Replays every data set in `dir` through onnxruntime-node; returns the largest |difference| per output index. */
async function replay(dir: string): Promise<number[]> {
  const session = await ort.InferenceSession.create(join(dir, 'model.onnx'));
  const worst: number[] = [];
  for (const set of readdirSync(dir).filter((d) => d.startsWith('test_data_set_')).sort()) {
    const input = decodeFloatTensorProto(readFileSync(join(dir, set, 'input_0.pb')), 'input_0.pb');
    expect(input.name).toBe(session.inputNames[0]);
    const result = await session.run({ [input.name]: new ort.Tensor('float32', input.data, input.dims) });
    session.outputNames.forEach((name, i) => {
      const expected = decodeFloatTensorProto(readFileSync(join(dir, set, `output_${i}.pb`)), `output_${i}.pb`);
      expect(expected.name).toBe(name);
      expect(expected.dims).toEqual(result[name]!.dims);
      const got = result[name]!.data as Float32Array;
      const d = Math.max(...Array.from(got, (v, k) => Math.abs(v - expected.data[k]!)));
      worst[i] = Math.max(worst[i] ?? 0, d);
    });
  }
  await session.release();
  return worst;
}

describe('writeOnnxTestDataSet', () => {
  it('writes one data set for a dynamic batch that onnxruntime reproduces, probabilities included', async () => {
    const model = modelFromBytes(writeOnnx(loadOnnx(LEGACY_MODEL), { probabilities: true }), 'p.onnx');
    const inputs = randomInputs(16, 3, 'test');
    const { values, classes } = await engineOutputs(model, inputs);
    const dir = join(mkdtempSync(join(tmpdir(), 'testdata-')), 'case');
    const summary = writeOnnxTestDataSet(dir, model, inputs, { values, classes });
    expect(summary).toEqual({ dataSets: 1, imagesWritten: 16, imagesLeftOut: 0 });
    expect(readdirSync(join(dir, 'test_data_set_0')).sort()).toEqual(['input_0.pb', 'output_0.pb', 'output_1.pb']);
    const [logits, probabilities] = await replay(dir);
    expect(logits).toBeLessThan(1e-5);
    expect(probabilities).toBeLessThan(1e-6);
  });

  it('writes one data set per image for a batch-1 model and copies its external data', async () => {
    const model = await loadModelUnderTest(DYNAMO_MODEL);
    const inputs = randomInputs(3, 4, 'test');
    const { values, classes } = await engineOutputs(model, inputs);
    const dir = mkdtempSync(join(tmpdir(), 'testdata-'));
    expect(writeOnnxTestDataSet(dir, model, inputs, { values, classes })).toEqual({ dataSets: 3, imagesWritten: 3, imagesLeftOut: 0 });
    expect(existsSync(join(dir, 'torch-seed-arch-adam-dynamo.onnx.data'))).toBe(true);
    const [logits] = await replay(dir);
    expect(logits).toBeLessThan(1e-5);
  });

  it('refuses a folder that already holds files (stale data sets would be replayed too)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'testdata-'));
    writeFileSync(join(dir, 'old.txt'), 'x');
    const model = modelFromBytes(readFileSync(LEGACY_MODEL), 'm.onnx');
    expect(() => writeOnnxTestDataSet(dir, model, randomInputs(1, 0, 't'), { values: new Float32Array(10), classes: 10 })).toThrow(/not empty/);
  });
});
