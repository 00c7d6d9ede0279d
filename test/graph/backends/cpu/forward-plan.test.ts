/**
 * Compiled forward plans (Model.compileForward on the CPU backend's wasm kernels) give
 * the float64 reference's outputs within parity tolerance, on LeNet5 (sigmoid and
 * ReLU) and on chains that take the plan's other paths (padding, stride, pooling not
 * after a convolution, a lone activation, softmax); and each image's output is
 * bit-identical whatever the batch it came in and the thread count.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../../../src/graph/backends/cpu/index.js';
import { createReferenceBackend } from '../../../../src/graph/backends/reference/index.js';
import { noGrad } from '../../../../src/graph/autograd.js';
import type { LayerSpec, ModelSpec } from '../../../../src/graph/model-spec.js';
import { buildModel } from '../../../../src/graph/models/build.js';
import { initParams } from '../../../../src/graph/models/init.js';
import { createLenetSpec } from '../../../../src/graph/models/lenet.js';
import { Random } from '../../../../src/graph/random.js';
import { tensorFrom } from '../../../../src/graph/tensor.js';

/** Polygraphy's default tolerance, the one verify-parity holds runtimes to. */
const ATOL = 1e-5;
const RTOL = 1e-5;

function images(count: number, size: number, seed: number): Float32Array {
  const rng = new Random(seed);
  return Float32Array.from({ length: count * size }, () => rng.uniform(0, 1));
}

async function referenceOutputs(spec: ModelSpec, x: Float32Array, batch: number): Promise<Float64Array> {
  const model = buildModel(spec, createReferenceBackend('float64'));
  const [c, h, w] = spec.inputShape;
  return Float64Array.from(await noGrad(() => model.forward(tensorFrom(model.backend, [batch, c, h, w], x))).data());
}

function expectClose(got: Float32Array, want: Float64Array): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i]! - want[i]!);
    if (!(err <= ATOL + RTOL * Math.abs(want[i]!))) expect.fail(`output[${i}] = ${got[i]}, reference ${want[i]} (|diff| ${err})`);
  }
}

const conv = (name: string, inC: number, outC: number, k: number, stride: number, pad: number): LayerSpec => ({
  kind: 'conv2d', name, weight: `${name}.weight`, bias: `${name}.bias`, inChannels: inC, outChannels: outC,
  kernel: [k, k], stride: [stride, stride], pads: [pad, pad, pad, pad],
});

/** Padding, a stride, a pool not after a conv (with ceil mode), ReLU alone, 7 and 3 channels, softmax. */
function oddChain(): ModelSpec {
  const layers: LayerSpec[] = [
    conv('c1', 3, 7, 3, 1, 1),
    { kind: 'relu', name: 'r1' },
    conv('c2', 7, 5, 3, 2, 1),
    { kind: 'sigmoid', name: 's2' },
    { kind: 'maxpool2d', name: 'p2', kernel: [3, 3], stride: [2, 2], pads: [1, 1, 1, 1], ceilMode: true },
    { kind: 'relu', name: 'r3' },
    { kind: 'flatten', name: 'f' },
    { kind: 'linear', name: 'fc', weight: 'fc.weight', bias: 'fc.bias', inFeatures: 5 * 4 * 4, outFeatures: 13 },
    { kind: 'softmax', name: 'sm' },
  ];
  return { inputShape: [3, 11, 11], layers, params: initParams(layers, 4), metadata: {} };
}

const CASES: [string, ModelSpec][] = [
  ['LeNet5 (sigmoid)', createLenetSpec('lenet5', 1)],
  ['LeNet5 (ReLU)', createLenetSpec('lenet5-relu', 2)],
  ['padded, strided, pooled alone, softmax', oddChain()],
];

describe('cpu forward plan', () => {
  for (const [label, spec] of CASES) {
    const size = spec.inputShape[0] * spec.inputShape[1] * spec.inputShape[2];
    it(`${label}: matches the float64 reference, the same bits for any batch and thread count`, async () => {
      const batch = 11;
      const x = images(batch, size, 5);
      const want = await referenceOutputs(spec, x, batch);
      let first: Float32Array | null = null;
      for (const threads of [1, 2, 3]) {
        const be = createCpuBackend({ threads });
        await be.ready();
        const model = buildModel(spec, be);
        const plan = model.compileForward();
        expect(plan, 'the wasm kernels compile a plan').not.toBeNull();
        const got = plan!.run(x, batch);
        expectClose(got, want);
        if (first) expect(got).toEqual(first);
        first ??= got;
        // Image 4 alone, and images 3..5: the same bits as inside the batch of 11.
        const out = plan!.outputSize;
        expect(plan!.run(x.subarray(4 * size, 5 * size), 1)).toEqual(got.subarray(4 * out, 5 * out));
        expect(plan!.run(x.subarray(3 * size, 6 * size), 3)).toEqual(got.subarray(3 * out, 6 * out));
        plan!.dispose();
        model.dispose();
      }
    });
  }

  it('is a snapshot of the weights at compile time', () => {
    const be = createCpuBackend({ threads: 1 });
    const spec = createLenetSpec('lenet5', 3);
    const model = buildModel(spec, be);
    const plan = model.compileForward()!;
    const x = images(2, 3 * 32 * 32, 9);
    const before = plan.run(x, 2);
    be.fill(model.params.get('net.0.weight')!.storage, 0);
    expect(plan.run(x, 2)).toEqual(before);
    plan.dispose();
    model.dispose();
  });

  it('names the mismatch when the input does not fill the batch', () => {
    const be = createCpuBackend({ threads: 1 });
    const model = buildModel(createLenetSpec('lenet5', 3), be);
    const plan = model.compileForward()!;
    expect(() => plan.run(new Float32Array(100), 1)).toThrow('forward plan: 100 values for a batch of 1 images of 3072 values');
    plan.dispose();
    expect(() => plan.run(new Float32Array(3072), 1)).toThrow('forward plan: used after dispose');
    model.dispose();
  });

  it('is null on the TypeScript kernels (callers run the ops)', () => {
    const model = buildModel(createLenetSpec('lenet5', 3), createCpuBackend({ kernels: 'js' }));
    expect(model.compileForward()).toBeNull();
  });
});
