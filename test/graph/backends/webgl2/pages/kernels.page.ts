/**
 * Page side of the kernel parity test: runs a shared kernel case on the WebGL2
 * backend and on the float32 reference backend (both in this page, same inputs)
 * and returns the error statistics per output plus the live-texture balance.
 */
import { createReferenceBackend } from '../../../../../src/graph/backends/reference/index.js';
import { createWebgl2Backend } from '../../../../../src/graph/backends/webgl2/index.js';
import { exposeToNode } from '../../../../../src/browser/expose-to-node.js';
import { runKernelCase } from '../../kernel-case-runner.js';
import { KERNEL_CASES } from '../../kernel-cases.js';
import { relativeErrors, type ErrorStats } from '../../kernel-error.js';

export interface CaseReport {
  outputs: Record<string, ErrorStats & { size: number; got: number; want: number }>;
  liveBefore: number;
  liveAfter: number;
}

const gpu = createWebgl2Backend();
const reference = createReferenceBackend('float32');

async function runCase(name: string): Promise<CaseReport> {
  const c = KERNEL_CASES.find((k) => k.name === name);
  if (!c) throw new Error(`no kernel case named ${name}`);
  const liveBefore = gpu.liveCount();
  const got = await runKernelCase(gpu, c);
  const liveAfter = gpu.liveCount();
  const want = await runKernelCase(reference, c);
  const outputs: CaseReport['outputs'] = {};
  for (const [key, w] of Object.entries(want)) {
    const g = got[key];
    if (!g) throw new Error(`${name}: webgl2 produced no output ${key}`);
    if (g.length !== w.length) throw new Error(`${name}: ${key} has ${g.length} elements, reference ${w.length}`);
    const stats = relativeErrors(g, w);
    outputs[key] = { ...stats, size: w.length, got: g[stats.worst]!, want: w[stats.worst]! };
  }
  return { outputs, liveBefore, liveAfter };
}

/**
 * Multiple-render-target programs with different output counts back to back (Adam
 * writes three targets, max pooling two): the pooling results must be intact.
 */
async function alternateOutputCounts(): Promise<number> {
  const adam = KERNEL_CASES.find((k) => k.name === 'adamStep decoupled (AdamW)')!; // a smaller texture than the pooling output
  const pool = KERNEL_CASES.find((k) => k.kernel === 'maxPool2d')!;
  await runKernelCase(gpu, adam);
  const got = await runKernelCase(gpu, pool);
  const want = await runKernelCase(reference, pool);
  return Math.max(relativeErrors(got.y!, want.y!).maxRel, relativeErrors(got.argmax!, want.argmax!).maxRel);
}

exposeToNode({ runCase, alternateOutputCounts });
