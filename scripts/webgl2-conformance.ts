/**
 * Every ONNX conformance case (Debian libonnx-testdata) whose ops all have GPU
 * kernels (with --all: every case the device runs at all, CPU fallbacks included),
 * run on the webgl2 device in headless Chromium; prints the failures, the count and
 * which ops fell back to the CPU. The test
 * (test/graph/backends/webgl2/executor-conformance.test.ts) runs the GPU-kernel set.
 *
 *   node --import tsx scripts/webgl2-conformance.ts [--all] [--filter SUBSTRING] [--verbose]
 */
import { parseArgs } from 'node:util';
import { cpuDevice } from '../src/graph/executor/devices/cpu.js';
import { deviceHasOps, loadConformanceCases, ONNX_TOLERANCE } from '../test/helpers/onnx-case.js';
import { openPage } from '../test/browser/harness.js';
import { gpuCases, wireCase } from '../test/graph/backends/webgl2/webgl2-cases.js';
import type { CaseOutcome } from '../test/graph/backends/webgl2/pages/executor.page.js';

const { values } = parseArgs({ options: { all: { type: 'boolean', default: false }, filter: { type: 'string', default: '' }, verbose: { type: 'boolean', default: false } } });
const loaded = loadConformanceCases();
// The webgl2 device runs an op when it has a GPU kernel or the cpu device has one.
const cpu = cpuDevice();
const cases = (values.all ? loaded.filter((c) => deviceHasOps(c.graph, cpu)) : gpuCases(loaded)).filter((c) => c.name.includes(values.filter!));
const session = await openPage({ entry: new URL('../test/graph/backends/webgl2/pages/executor.page.ts', import.meta.url).pathname });
const start = Date.now();
let passed = 0;
const fellBack = new Map<string, string[]>();
const onHost = new Map<string, string[]>();
try {
  for (let i = 0; i < cases.length; i += 40) {
    const chunk = cases.slice(i, i + 40).map((c) => wireCase(c.name, c.dir));
    for (const o of await session.call<CaseOutcome[]>('runCases', chunk, ONNX_TOLERANCE)) {
      const fallbacks = Object.keys(o.fallbacks).length ? ` fallbacks ${JSON.stringify(o.fallbacks)}` : '';
      for (const op of Object.keys(o.fallbacks)) fellBack.set(op, [...(fellBack.get(op) ?? []), o.name]);
      for (const op of Object.keys(o.hostRuns)) onHost.set(op, [...(onHost.get(op) ?? []), o.name]);
      if (o.problem === null) passed++;
      else console.log(`FAIL ${o.name}: ${o.problem}${fallbacks}`);
      if (values.verbose && o.problem === null) console.log(`ok   ${o.name} ${o.ms.toFixed(0)} ms${fallbacks}`);
      if (o.liveTextures !== 0) console.log(`LEAK ${o.name}: ${o.liveTextures} textures live after dispose`);
    }
  }
} finally {
  await session.close();
}
console.log(`webgl2: ${passed} of ${cases.length} cases pass (${((Date.now() - start) / 1000).toFixed(0)} s); page problems: ${session.problems.length}`);
for (const p of session.problems.slice(0, 10)) console.log(`  ${p}`);
for (const [op, names] of fellBack) console.log(`CPU fallback (read-back) for ${op} in ${names.length} cases: ${names.slice(0, 8).join(', ')}`);
for (const [op, names] of onHost) console.log(`on the CPU without a read-back (no GPU kernel or non-float32 data): ${op} in ${names.length} cases: ${names.slice(0, 6).join(', ')}`);
