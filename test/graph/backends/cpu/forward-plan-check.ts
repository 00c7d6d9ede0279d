/**
 * Shared checks of compiled forward plans (Model.compileForward on the CPU backend's
 * wasm kernels): outputs against the float64 reference within parity tolerance, and
 * each image's output the same bits whatever its batch and the thread count. Used by
 * forward-plan.test.ts (the build the loader picks) and forward-plan-plain-simd.test.ts.
 */
import { expect } from 'vitest';
import type { CpuBackend, CpuBackendOptions } from '../../../../src/graph/backends/cpu/index.js';
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

export function images(count: number, size: number, seed: number): Float32Array {
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

export const PLAN_CASES: [string, ModelSpec][] = [
  ['LeNet5 (sigmoid)', createLenetSpec('lenet5', 1)],
  ['LeNet5 (ReLU)', createLenetSpec('lenet5-relu', 2)],
  ['padded, strided, pooled alone, softmax', oddChain()],
];

/**
 * Compiles `spec` on a CPU backend per thread count (1, 2, 3; made by the caller's
 * `createCpuBackend`, whose module may have been loaded under a different build choice)
 * and checks 11 images against the reference, the same bits on every thread count, and
 * images 4 and 3..5 run alone giving the bits they had inside the batch.
 */
export async function checkPlan(spec: ModelSpec, createCpuBackend: (o: CpuBackendOptions) => CpuBackend): Promise<void> {
  const size = spec.inputShape[0] * spec.inputShape[1] * spec.inputShape[2];
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
    const out = plan!.outputSize;
    expect(plan!.run(x.subarray(4 * size, 5 * size), 1)).toEqual(got.subarray(4 * out, 5 * out));
    expect(plan!.run(x.subarray(3 * size, 6 * size), 3)).toEqual(got.subarray(3 * out, 6 * out));
    plan!.dispose();
    model.dispose();
  }
}
