/**
 * Compiled forward plans (Model.compileForward on the CPU backend's wasm kernels) give
 * the float64 reference's outputs within parity tolerance, on LeNet5 (sigmoid and
 * ReLU) and on chains that take the plan's other paths (padding, stride, pooling not
 * after a convolution, a lone activation, softmax); and each image's output is
 * bit-identical whatever the batch it came in and the thread count.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../../../src/graph/backends/cpu/index.js';
import { buildModel } from '../../../../src/graph/models/build.js';
import { createLenetSpec } from '../../../../src/graph/models/lenet.js';
import { wasmModule } from '../../../../src/graph/backends/cpu/wasm/loader.js';
import { checkPlan, images, PLAN_CASES } from './forward-plan-check.js';

describe('cpu forward plan', () => {
  it('runs the relaxed-SIMD build (fused multiply-add) unless told not to', () => {
    // Node >= 20 validates it once the loader has set V8's flag.
    expect(wasmModule?.relaxed).toBe(process.env.LENET_WASM_SIMD !== 'plain');
  });

  for (const [label, spec] of PLAN_CASES)
    it(`${label}: matches the float64 reference, the same bits for any batch and thread count`, () => checkPlan(spec, createCpuBackend));

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
