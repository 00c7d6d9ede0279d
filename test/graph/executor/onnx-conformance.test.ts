/**
 * ONNX's own conformance cases (Debian libonnx-testdata: node, pytorch-converted,
 * pytorch-operator, simple) as outside truth: every case whose ops a device has runs on
 * it and is compared at ONNX's backend-test tolerance (rtol 1e-3, atol 1e-7). Written
 * once for every device; webgl2 runs the same in the browser tests.
 */
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cpuDevice } from '../../../src/graph/executor/devices/cpu.js';
import { referenceDevice } from '../../../src/graph/executor/devices/reference.js';
import { loadConformanceCases, ONNX_TESTDATA, runConformance, type ConformanceCase } from '../../helpers/onnx-case.js';
import { DEVICE_KNOWN_FAILURES, KNOWN_FAILURES, PASS_FLOOR } from './onnx-conformance-expectations.js';

describe('ONNX conformance cases', () => {
  let cases: ConformanceCase[] = [];
  beforeAll(() => {
    expect(existsSync(ONNX_TESTDATA), `${ONNX_TESTDATA} is missing: apt-get install libonnx-testdata`).toBe(true);
    cases = loadConformanceCases();
  });

  for (const device of [referenceDevice(), cpuDevice()]) {
    it(`${device.name}: passes at least ${PASS_FLOOR[device.name]} cases, and fails only the known ones`, async () => {
      const run = await runConformance(cases, device);
      const known = { ...KNOWN_FAILURES, ...DEVICE_KNOWN_FAILURES[device.name] };
      const unexpected = [...run.failures].filter(([name]) => !(name in known)).map(([name, problem]) => `${name}: ${problem}`);
      const fixed = Object.keys(known).filter((name) => cases.some((c) => c.name === name) && !run.failures.has(name));
      expect(unexpected, 'new failures').toEqual([]);
      expect(fixed, 'known failures that now pass (remove them from the list)').toEqual([]);
      expect(run.passed).toBeGreaterThanOrEqual(PASS_FLOOR[device.name]!);
      console.log(`${device.name}: ${run.passed} of ${run.selected} cases pass (${cases.length} loadable)`);
    });
  }
});
