/**
 * Every Node adapter, on the models PyTorch exported, reproduces PyTorch's logits for
 * the 64 fixture images under atol = rtol = 1e-5, reports the provider that ran, and
 * reports — never throws — when it cannot run a model.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { writeOnnx, loadOnnx } from '../../../src/export/index.js';
import { onnx } from '../../../src/export/onnx-proto.js';
import { compareOutputs } from '../../../src/runtime/parity/compare.js';
import { loadModelUnderTest, modelFromBytes, type ModelUnderTest } from '../../../src/runtime/model-under-test.js';
import { allRuntimes, findRuntime } from '../../../src/runtime/registry.js';
import { IMAGE_VALUES, runBatches } from '../../../src/runtime/run-batches.js';
import { createRuntimeContext } from '../../../src/runtime/runtime-context.js';
import type { Runtime } from '../../../src/runtime/runtime.js';
import { DYNAMO_MODEL, LEGACY_MODEL, loadTorchBatch } from '../torch-fixture.js';

const context = createRuntimeContext({ threads: 2 });
// Node runtimes here; the browser runtimes have their own tests in test/runtime/adapters/browser-adapters.test.ts.
const nodeRuntimes = allRuntimes().filter((r) => r.environment === 'node');
let images: Float32Array;
let torchLogits: Float32Array;
let tempDir: string;

beforeAll(async () => {
  ({ dir: tempDir, images, torchLogits } = await loadTorchBatch());
});

afterAll(async () => {
  await context.closeShared();
  rmSync(tempDir, { recursive: true, force: true });
});

async function runAll(runtime: Runtime, model: ModelUnderTest, input = images, count = 64) {
  const opened = await runtime.open(model, context);
  if (!opened.available) throw new Error(`${runtime.name} unavailable: ${opened.reason}`);
  try {
    const out = await runBatches(opened.session, input, count, { io: model.io });
    return { ...out, provider: opened.session.provider };
  } finally {
    await opened.session.close();
  }
}

const PROVIDERS: Record<string, RegExp> = {
  'engine-cpu': /^lenet-portable engine, cpu/,
  'engine-reference': /^lenet-portable engine, reference backend/,
  'ort-node': /^onnxruntime-node 1\.\d+\.\d+, CPUExecutionProvider, 2 intra-op threads$/,
  'ort-web-node': /^onnxruntime-web 1\.\d+\.\d+, wasm execution provider \(SIMD\), \d+ threads?, in Node$/,
};

describe.each([
  ['legacy (dynamic batch)', LEGACY_MODEL],
  ['dynamo (batch 1, external data)', DYNAMO_MODEL],
])('PyTorch export %s', (_label, path) => {
  it.each(nodeRuntimes.map((r) => [r.name, r] as const))('%s matches PyTorch within atol = rtol = 1e-5 and names its provider', async (name, runtime) => {
    const model = await loadModelUnderTest(path);
    const { values, classes, provider } = await runAll(runtime, model);
    expect(classes).toBe(10);
    const c = compareOutputs({
      runtime: name, reference: 'pytorch', expected: torchLogits, actual: values, images: 64, classes: 10,
      tolerance: { atol: 1e-5, rtol: 1e-5 }, names: [], labels: [],
    });
    expect(c.failingElements).toBe(0);
    expect(c.flips).toEqual([]);
    expect(c.maxAbsDiff).toBeLessThan(1e-5);
    expect(provider).toMatch(PROVIDERS[name]!);
  });
});

describe('compared output', () => {
  it('is the logits on every runtime when the model also outputs probabilities', async () => {
    const bytes = writeOnnx(loadOnnx(LEGACY_MODEL), { probabilities: true });
    const model = modelFromBytes(bytes, 'with-probabilities.onnx');
    expect(model.io.outputs.map((o) => `${o.name}:${o.kind}`)).toEqual(['logits:logits', 'probabilities:probabilities']);
    for (const name of ['engine-cpu', 'ort-node', 'ort-web-node']) {
      const { values } = await runAll(findRuntime(name), model, images.subarray(0, 8 * IMAGE_VALUES), 8);
      const c = compareOutputs({
        runtime: name, reference: 'pytorch', expected: torchLogits.subarray(0, 80), actual: values, images: 8, classes: 10,
        tolerance: { atol: 1e-5, rtol: 1e-5 }, names: [], labels: [],
      });
      expect(c.failingElements, name).toBe(0);
    }
  });
});

describe('named outputs (for bisection)', () => {
  it.each(['ort-node', 'ort-web-node'])('%s returns any graph outputs by name', async (name) => {
    const model = modelFromBytes(writeOnnx(loadOnnx(LEGACY_MODEL), { probabilities: true }), 'with-probabilities.onnx');
    const opened = await findRuntime(name).open(model, context);
    if (!opened.available) throw new Error(opened.reason);
    const feeds = new Map([['input', { type: 'float32' as const, dims: [2, 3, 32, 32], data: images.slice(0, 2 * IMAGE_VALUES) }]]);
    const named = await opened.session.run(feeds, ['probabilities', 'logits']);
    const logits = (await opened.session.run(feeds, ['logits'])).get('logits')!;
    await opened.session.close();
    expect(logits.dims).toEqual([2, 10]);
    expect(named.get('logits')).toEqual(logits);
    const probabilities = named.get('probabilities')!;
    expect(probabilities.dims).toEqual([2, 10]);
    expect(Array.from(probabilities.data.slice(0, 10) as Float32Array).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });
});

describe('a runtime that cannot run the model says why', () => {
  /** The legacy model with its first Sigmoid renamed to an op no runtime knows. */
  function unknownOpModel(): ModelUnderTest {
    const proto = onnx.ModelProto.decode(readFileSync(LEGACY_MODEL));
    proto.graph!.node!.find((n) => n.opType === 'Sigmoid')!.opType = 'NoSuchOp';
    return modelFromBytes(onnx.ModelProto.encode(proto).finish(), 'unknown-op.onnx');
  }

  it.each(nodeRuntimes.map((r) => [r.name, r] as const))('%s resolves unavailable with a reason naming the problem', async (_name, runtime) => {
    const result = await runtime.open(unknownOpModel(), context);
    expect(result.available).toBe(false);
    if (!result.available) expect(result.reason).toMatch(/NoSuchOp/);
  });
});
