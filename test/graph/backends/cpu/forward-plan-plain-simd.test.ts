/**
 * Forward plans on the plain-SIMD build (what a runtime without relaxed SIMD loads:
 * multiply-then-add instead of fused multiply-add, other kernel specialisations), forced
 * with LENET_WASM_SIMD=plain before the backend's module loads: the same checks as
 * forward-plan.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { checkPlan, PLAN_CASES } from './forward-plan-check.js';

const saved = process.env.LENET_WASM_SIMD;
process.env.LENET_WASM_SIMD = 'plain';
const { createCpuBackend } = await import('../../../../src/graph/backends/cpu/index.js');
const { wasmModule } = await import('../../../../src/graph/backends/cpu/wasm/loader.js');
// The loader has read it; later test files in this process get the default again.
if (saved === undefined) delete process.env.LENET_WASM_SIMD;
else process.env.LENET_WASM_SIMD = saved;

describe('cpu forward plan, plain SIMD build', () => {
  it('runs the plain build', () => {
    expect(wasmModule?.relaxed).toBe(false);
  });
  for (const [label, spec] of PLAN_CASES)
    it(`${label}: matches the float64 reference, the same bits for any batch and thread count`, () => checkPlan(spec, createCpuBackend));
});
