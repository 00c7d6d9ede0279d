/**
 * Every CPU-backend kernel against the reference backend, on the shared cases and the
 * CPU-specific ones, for each kernel set: WebAssembly on 1, 2 and 3 threads and the
 * TypeScript fallback. Argmax must be equal and nothing may leak.
 *
 * Tolerance. The yardstick is the float64 reference on the same (float32) inputs, i.e.
 * the exact answer. The fast kernels accumulate in float32 (4-lane partial sums), so a
 * dot product of K terms carries ~sqrt(K) ulps of its partial sums: measured max
 * relative error 2.4e-5 on LeNet's shapes (3.4e-5 at K = 1100), mean <= 2e-6. The
 * float32 reference backend is no tighter: it rounds every += into its output and is
 * up to 1.2e-4 from exact on the weight gradients (conv1, batch 64). Near-zero entries
 * of long sums are judged against 1e-2 · peak (kernel-error.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend, HostArray } from '../../../../src/graph/backend.js';
import { createCpuBackend, cpuWasmStatus, type CpuBackend } from '../../../../src/graph/backends/cpu/index.js';
import { createReferenceBackend } from '../../../../src/graph/backends/reference/index.js';
import { runKernelCase } from '../kernel-case-runner.js';
import { KERNEL_CASES } from '../kernel-cases.js';
import { relativeErrors } from '../kernel-error.js';
import { CPU_CASES } from './cpu-cases.js';

const MAX_REL = 5e-5;
const MEAN_REL = 2e-6;
const CASES = [...KERNEL_CASES, ...CPU_CASES];

const reference = createReferenceBackend('float64');
const expected = new Map<string, Promise<Record<string, HostArray>>>();
const want = (name: string) => {
  const c = CASES.find((k) => k.name === name)!;
  if (!expected.has(name)) expected.set(name, runKernelCase(reference, c));
  return expected.get(name)!;
};

it('has the WebAssembly kernels built (npm run build:wasm)', () => {
  expect(cpuWasmStatus()).toBe('');
});

const VARIANTS: [string, () => CpuBackend][] = [
  ['wasm, 1 thread', () => createCpuBackend({ threads: 1, kernels: 'wasm' })],
  ['wasm, 2 threads', () => createCpuBackend({ threads: 2, kernels: 'wasm' })],
  ['wasm, 3 threads (uneven splits)', () => createCpuBackend({ threads: 3, kernels: 'wasm' })],
  ['typescript', () => createCpuBackend({ kernels: 'js' })],
];

for (const [label, make] of VARIANTS) {
  describe(`cpu backend (${label}) matches the reference`, () => {
    let be: CpuBackend;
    beforeAll(async () => {
      be = make();
      await be.ready();
    });
    afterAll(() => {
      expect(be.liveCount()).toBe(0);
    });

    for (const c of CASES) {
      it(c.name, async () => {
        const before = be.liveCount();
        const got = await runKernelCase(be as Backend, c);
        const ref = await want(c.name);
        for (const [output, values] of Object.entries(ref)) {
          const mine = got[output]!;
          expect(mine.length, `${output} length`).toBe(values.length);
          if (output === 'argmax') {
            expect(Array.from(mine)).toEqual(Array.from(values));
            continue;
          }
          const s = relativeErrors(mine, values);
          expect(s.maxRel, `${output}[${s.worst}] = ${mine[s.worst]}, reference ${values[s.worst]}`).toBeLessThanOrEqual(MAX_REL);
          expect(s.meanRel, `mean relative error of ${output}`).toBeLessThanOrEqual(MEAN_REL);
        }
        expect(be.liveCount()).toBe(before);
      });
    }
  });
}
