/**
 * `verify-parity --onnx-tests DIR`: every test case under DIR on every runtime, against
 * the case's expected outputs. Cases run one after another and each is loaded once for
 * all runtimes, then dropped: memory holds one model and the verdicts, never outputs.
 * Browser runtimes share the command's one Chromium (the context's shared resources).
 */
import { join } from 'node:path';
import { readOnnxTestDataSets } from '../../export/onnx-test-case.js';
import { describeError } from '../../util/errors.js';
import { loadModelUnderTest, type ModelUnderTest } from '../model-under-test.js';
import type { Runtime, RuntimeContext } from '../runtime.js';
import type { Tolerance } from '../parity/tensor-comparison.js';
import { runCaseOn, type CaseStatus, type CaseVerdict, type TestDataSet } from './case-verdict.js';
import type { TestCaseFolder } from './find-test-cases.js';
import { modelOpTypes } from './model-op-types.js';

export interface CaseResult {
  /** `node/test_add`. */
  case: string;
  /** Op types of the model's nodes. */
  ops: string[];
  /** Runtime name → verdict, in the order the runtimes were given. */
  verdicts: Record<string, CaseVerdict>;
}

export interface ConformanceResult {
  runtimes: string[];
  tolerance: Tolerance;
  results: CaseResult[];
}

export interface ConformanceOptions {
  cases: readonly TestCaseFolder[];
  runtimes: readonly Runtime[];
  context: RuntimeContext;
  tolerance: Tolerance;
  /** Deadline of each step (open, each data set's run) of one case on one runtime. */
  timeoutMs: number;
  log: (line: string) => void;
}

function everyRuntime(runtimes: readonly Runtime[], verdict: CaseVerdict): Record<string, CaseVerdict> {
  return Object.fromEntries(runtimes.map((r) => [r.name, verdict]));
}

/** The model and its data sets, or why the case cannot be read (then no runtime gets it). */
async function loadCase(c: TestCaseFolder): Promise<{ model: ModelUnderTest; dataSets: TestDataSet[]; ops: string[] } | { error: string; ops: string[] }> {
  let ops: string[] = [];
  try {
    const model = await loadModelUnderTest(join(c.dir, 'model.onnx'));
    ops = modelOpTypes(model.bytes, c.name);
    return { model, ops, dataSets: readOnnxTestDataSets(c.dir, model.io) };
  } catch (error) {
    return { error: `cannot read the case: ${describeError(error).replace(/\s+/g, ' ')}`, ops };
  }
}

function tally(verdicts: Record<string, CaseVerdict>): string {
  const mark: Record<CaseStatus, string> = { passed: 'pass', failed: 'FAIL', unsupported: 'n/a' };
  return Object.entries(verdicts)
    .map(([name, v]) => `${name} ${mark[v.status]}`)
    .join(', ');
}

export async function runConformance(o: ConformanceOptions): Promise<ConformanceResult> {
  const results: CaseResult[] = [];
  for (const [i, c] of o.cases.entries()) {
    const loaded = await loadCase(c);
    let verdicts: Record<string, CaseVerdict>;
    if ('error' in loaded) {
      verdicts = everyRuntime(o.runtimes, { status: 'unsupported', reason: loaded.error, difference: null, milliseconds: 0 });
    } else {
      verdicts = {};
      for (const runtime of o.runtimes) verdicts[runtime.name] = await runCaseOn(runtime, loaded.model, loaded.dataSets, o.context, o.tolerance, o.timeoutMs);
    }
    results.push({ case: c.name, ops: loaded.ops, verdicts });
    o.log(`[${i + 1}/${o.cases.length}] ${c.name}: ${tally(verdicts)}`);
  }
  return { runtimes: o.runtimes.map((r) => r.name), tolerance: o.tolerance, results };
}
