/**
 * Bisection against a runtime with a planted fault: onnxruntime-node whose value of one
 * chosen tensor is corrupted. The first divergence must be exactly that node (earlier
 * nodes agree, later ones inherit), a fault within tolerance must not count, engine
 * runtimes are replaced as reference by one that can name tensors, and the reproducer
 * written for the node replays in onnxruntime.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeModelProto } from '../../../src/export/onnx-proto.js';
import { decodeFloatTensorProto } from '../../../src/export/tensor-proto-io.js';
import { engineCpuRuntime } from '../../../src/runtime/adapters/engine-cpu.js';
import { ortNodeRuntime } from '../../../src/runtime/adapters/ort-node.js';
import { imagesToBisect } from '../../../src/runtime/bisect/bisect-failures.js';
import { bisectRuntime, type BisectTarget } from '../../../src/runtime/bisect/bisect-runtime.js';
import { writeReproducer } from '../../../src/runtime/bisect/write-reproducer.js';
import type { Comparison } from '../../../src/runtime/parity/compare.js';
import { loadModelUnderTest, type ModelUnderTest } from '../../../src/runtime/model-under-test.js';
import { createRuntimeContext } from '../../../src/runtime/runtime-context.js';
import type { HostTensor } from '../../../src/graph/host-tensor.js';
import type { Runtime, RuntimeSession } from '../../../src/runtime/runtime.js';
import { DYNAMO_MODEL, LEGACY_MODEL } from '../torch-fixture.js';
import { inputsFromTestCase } from '../../../src/runtime/parity/test-case-inputs.js';
import { fixturesDir } from '../../helpers/paths.js';

const context = createRuntimeContext({ threads: 1 });
const work = mkdtempSync(join(tmpdir(), 'bisect-'));
const tensors = Float32Array.from({ length: 6 * 3 * 32 * 32 }, (_, i) => ((i * 7919) % 256) / 255);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** ort-node whose runs go through `run(inner, feeds, fetches)`: a runtime with a planted fault. */
function wrappedOrtNode(name: string, run: (inner: RuntimeSession, feeds: ReadonlyMap<string, HostTensor>, fetches: readonly string[]) => Promise<Map<string, HostTensor>>): Runtime {
  return {
    name,
    description: `ort-node, ${name}`,
    environment: 'node',
    async open(model, ctx) {
      const opened = await ortNodeRuntime.open(model, ctx);
      if (!opened.available) return opened;
      const inner = opened.session;
      const session: RuntimeSession = { provider: `${name} ort-node`, maxBatch: null, run: (feeds, fetches) => run(inner, feeds, fetches), close: () => inner.close() };
      return { available: true, session };
    },
  };
}

/** ort-node, except that `tensor` comes back with `delta` added to every value. */
const faultyRuntime = (tensor: string, delta: number) =>
  wrappedOrtNode('faulty', async (inner, feeds, fetches) => {
    const named = await inner.run(feeds, fetches);
    const t = named.get(tensor);
    if (t) named.set(tensor, { ...t, data: (t.data as Float32Array).map((v) => v + delta) });
    return named;
  });

/** ort-node that answers graph outputs only, as a runtime that cannot name intermediate tensors. */
const outputsOnlyRuntime = () =>
  wrappedOrtNode('outputs-only', async (inner, feeds, fetches) => {
    const other = fetches.find((f) => f !== 'logits');
    if (other !== undefined) throw new Error(`only "logits", not "${other}"`);
    return inner.run(feeds, fetches);
  });

/** The chosen images of `tensors`, fed to the model's input. */
const target = (model: ModelUnderTest, images = [1, 4]): BisectTarget => {
  const data = new Float32Array(images.length * 3072);
  images.forEach((image, i) => data.set(tensors.subarray(image * 3072, (image + 1) * 3072), i * 3072));
  const feeds = new Map([[model.io.inputs[0]!.name, { type: 'float32' as const, dims: [images.length, 3, 32, 32], data }]]);
  return { model, source: 'legacy.onnx', feeds, images, tolerance: { atol: 1e-5, rtol: 1e-5 }, context };
};

describe('bisectRuntime', () => {
  it('names the corrupted node as the first divergence; every node before it agrees', async () => {
    const model = await loadModelUnderTest(LEGACY_MODEL);
    const { run } = await bisectRuntime(faultyRuntime('/5/MaxPool_output_0', 0.5), [ortNodeRuntime], target(model));
    expect(run.error).toBeNull();
    expect(run.firstDivergence).toMatchObject({ index: 5, node: '/5/MaxPool', opType: 'MaxPool', failingElements: 2 * 400 });
    expect(run.firstDivergence!.maxAbsDiff).toBeCloseTo(0.5, 5);
    expect(run.nodes.slice(0, 5).map((n) => n.failingElements)).toEqual([0, 0, 0, 0, 0]);
    expect(run.providers).toEqual({ runtime: 'faulty ort-node', reference: expect.stringMatching(/^onnxruntime-node/) });
  });

  it('finds no divergence when the fault stays within atol', async () => {
    const model = await loadModelUnderTest(LEGACY_MODEL);
    const { run } = await bisectRuntime(faultyRuntime('/2/MaxPool_output_0', 5e-6), [ortNodeRuntime], target(model));
    expect(run.nodes[2]!.maxAbsDiff).toBeGreaterThan(0);
    expect(run.firstDivergence).toBeNull();
  });

  it('bisects against engine-cpu, whose graph executor names every ONNX tensor', async () => {
    const model = await loadModelUnderTest(LEGACY_MODEL);
    const { run } = await bisectRuntime(faultyRuntime('/0/Conv_output_0', 1), [engineCpuRuntime, ortNodeRuntime], target(model));
    expect(run.reference).toBe('engine-cpu');
    expect(run.firstDivergence).toMatchObject({ index: 0, opType: 'Conv' });
    expect(run.firstDivergence!.inputs).toEqual([
      { name: 'input', from: 'graph input', maxAbsDiff: 0, failingElements: 0, elements: 2 * 3072, shapeMismatch: null },
      { name: '0.weight', from: 'weight', maxAbsDiff: 0, failingElements: 0, elements: 0, shapeMismatch: null },
      { name: '0.bias', from: 'weight', maxAbsDiff: 0, failingElements: 0, elements: 0, shapeMismatch: null },
    ]);
  });

  it('falls back to the next reference when the first cannot name ONNX tensors', async () => {
    const model = await loadModelUnderTest(LEGACY_MODEL);
    const { run } = await bisectRuntime(faultyRuntime('/0/Conv_output_0', 1), [outputsOnlyRuntime(), ortNodeRuntime], target(model));
    expect(run.reference).toBe('ort-node');
    expect(run.firstDivergence).toMatchObject({ index: 0, opType: 'Conv' });
  });

  it('says why a runtime that cannot name tensors cannot be bisected', async () => {
    const model = await loadModelUnderTest(LEGACY_MODEL);
    const { run } = await bisectRuntime(outputsOnlyRuntime(), [ortNodeRuntime], target(model));
    expect(run.firstDivergence).toBeNull();
    expect(run.error).toMatch(/^outputs-only cannot return intermediate tensors: only "logits", not "\/0\/Conv_output_0"$/);
  });

  it('works on a model with a fixed batch of 1 and external weights (dynamo export)', async () => {
    const model = await loadModelUnderTest(DYNAMO_MODEL);
    const { run } = await bisectRuntime(faultyRuntime('conv2d_1', 1), [ortNodeRuntime], { ...target(model, [0, 2, 5]), source: 'dynamo.onnx' });
    expect(run.firstDivergence).toMatchObject({ index: 3, node: 'node_conv2d_1', failingElements: 3 * 1600 });
  });
});

describe('bisectRuntime on a DAG with two inputs and two outputs (zoo two-heads)', () => {
  it('names the corrupted Tanh with the diff of what it was fed; every other node agrees', async () => {
    const dir = join(fixturesDir, 'zoo', 'two-heads');
    const model = await loadModelUnderTest(join(dir, 'model.onnx'));
    const [set] = inputsFromTestCase(dir, model.io).sets;
    const t: BisectTarget = { model, source: 'two-heads', feeds: set!.feeds, images: [0, 1], tolerance: { atol: 1e-5, rtol: 1e-5 }, context };
    const { run } = await bisectRuntime(faultyRuntime('/Tanh_output_0', 0.5), [ortNodeRuntime], t);
    expect(run.error).toBeNull();
    expect(run.firstDivergence).toMatchObject({ index: 5, node: '/Tanh', opType: 'Tanh', type: 'float32', failingElements: 2 * 8 });
    expect(run.firstDivergence!.inputs).toEqual([{ name: '/meta/Gemm_output_0', from: 'Gemm', maxAbsDiff: 0, failingElements: 0, elements: 16, shapeMismatch: null }]);
    // Every other node of both branches agrees (the planted fault corrupts only what is reported).
    expect(run.nodes.filter((n) => n.failingElements > 0).map((n) => n.node)).toEqual(['/Tanh']);
    expect(run.nodes).toHaveLength(11);
  });
});

describe('writeReproducer', () => {
  it('writes the diverging node alone with its reference inputs and outputs, and onnxruntime replays it', async () => {
    const model = await loadModelUnderTest(LEGACY_MODEL);
    const { run, capture } = await bisectRuntime(faultyRuntime('/3/Conv_output_0', 2), [ortNodeRuntime], target(model));
    const dir = join(work, 'repro');
    const written = writeReproducer(dir, model, 'legacy.onnx', run, capture!);
    expect(written).toEqual({ dir, inputs: ['/2/MaxPool_output_0'], outputs: ['/3/Conv_output_0'] });
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'model.onnx', 'test_data_set_0']);
    expect(readdirSync(join(dir, 'test_data_set_0')).sort()).toEqual(['input_0.pb', 'output_0.pb']);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toMatch(/^# Conv node "\/3\/Conv" diverges on faulty\n/);

    const single = decodeModelProto(readFileSync(join(dir, 'model.onnx')), 'repro');
    expect(single.graph!.node!.map((n) => n.opType)).toEqual(['Conv']);
    expect(single.graph!.initializer!.map((t) => t.name)).toEqual(['3.weight', '3.bias']);

    const input = decodeFloatTensorProto(readFileSync(join(dir, 'test_data_set_0', 'input_0.pb')), 'input_0.pb');
    const expected = decodeFloatTensorProto(readFileSync(join(dir, 'test_data_set_0', 'output_0.pb')), 'output_0.pb');
    expect(input.dims).toEqual([2, 6, 14, 14]);
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(readFileSync(join(dir, 'model.onnx')));
    const out = await session.run({ [input.name]: new ort.Tensor('float32', input.data, input.dims) });
    await session.release();
    const got = out[expected.name]!.data as Float32Array;
    expect(got.length).toBe(expected.data.length);
    expect(Math.max(...got.map((v, i) => Math.abs(v - expected.data[i]!)))).toBeLessThan(1e-5);
  });

  it('refuses a folder that is not empty', async () => {
    const model = await loadModelUnderTest(LEGACY_MODEL);
    const { run, capture } = await bisectRuntime(faultyRuntime('/3/Conv_output_0', 2), [ortNodeRuntime], target(model));
    const dir = join(work, 'busy');
    writeReproducer(dir, model, 'legacy.onnx', run, capture!);
    expect(() => writeReproducer(dir, model, 'legacy.onnx', run, capture!)).toThrow(`${dir}: not empty; give a new or empty folder for the reproducer`);
  });
});

describe('imagesToBisect', () => {
  const comparison = (worst: number | null, flips: number[]) =>
    ({ worst: worst === null ? null : { image: worst }, flips: flips.map((image) => ({ image })) }) as unknown as Comparison;

  it('takes the worst image and the flipped ones, in image order, at most the limit', () => {
    expect(imagesToBisect(comparison(9, [3, 9, 1]), 100)).toEqual([1, 3, 9]);
    expect(imagesToBisect(comparison(50, [1, 2, 3, 4, 5]), 100, 3)).toEqual([1, 2, 50]);
  });

  it('falls back to the first images when nothing points anywhere', () => {
    expect(imagesToBisect(comparison(null, []), 5, 3)).toEqual([0, 1, 2]);
  });
});
