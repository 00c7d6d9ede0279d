/**
 * `verify-parity --onnx-tests DIR [DIR...]`: conformance mode. Every ONNX test case under
 * the folders runs on each runtime against its own expected outputs (ONNX's backend-test
 * tolerances unless --atol/--rtol say otherwise). Failing cases are the finding, not an
 * error: the exit status is 0 once the run completes, 2 for bad flags or folders.
 */
import { dirname } from 'node:path';
import { writeFileAtomic } from '../util/atomic-file.js';
import { probeWritable } from '../util/ensure-dir.js';
import { ToolError } from '../util/errors.js';
import { numberFlag } from './args.js';
import { selectRuntimes } from '../runtime/registry.js';
import { createRuntimeContext } from '../runtime/runtime-context.js';
import { stringifyReport } from '../runtime/parity/report-json.js';
import { findTestCases } from '../runtime/conformance/find-test-cases.js';
import { ONNX_BACKEND_TOLERANCE } from '../runtime/conformance/first-difference.js';
import { runConformance } from '../runtime/conformance/conformance-run.js';
import { conformanceJson, conformanceReportWriter, conformanceSummary } from '../runtime/conformance/conformance-report.js';

/** Per step (opening a model, one data set's run) of one case on one runtime. */
export const DEFAULT_CASE_TIMEOUT_S = 60;

export interface OnnxTestsFlags {
  dirs: readonly string[];
  runtimes?: string | undefined;
  atol?: string | undefined;
  rtol?: string | undefined;
  threads?: string | undefined;
  timeout?: string | undefined;
  json?: boolean | undefined;
  report?: string | undefined;
  quiet?: boolean | undefined;
}

export async function onnxTestsCommand(f: OnnxTestsFlags): Promise<number> {
  const runtimes = selectRuntimes(f.runtimes ?? 'all');
  const tolerance = { atol: numberFlag('atol', f.atol, ONNX_BACKEND_TOLERANCE.atol, { min: 0 }), rtol: numberFlag('rtol', f.rtol, ONNX_BACKEND_TOLERANCE.rtol, { min: 0 }) };
  const threads = f.threads === undefined ? undefined : numberFlag('threads', f.threads, 1, { integer: true, min: 1, max: 256 });
  const timeoutMs = 1000 * numberFlag('case-timeout', f.timeout, DEFAULT_CASE_TIMEOUT_S, { min: 0.001, max: 3600 });
  const writer = f.report === undefined ? null : conformanceReportWriter(f.report);
  if (f.report !== undefined) probeWritable(dirname(f.report), '--report');
  const cases = f.dirs.flatMap((dir) => findTestCases(dir));
  const names = new Set<string>();
  for (const c of cases) {
    if (names.has(c.name)) throw new ToolError(`--onnx-tests: case ${c.name} is named twice (give each folder once)`);
    names.add(c.name);
  }
  const log = f.quiet ? () => {} : (line: string) => process.stderr.write(`verify-parity: ${line}\n`);
  log(`${cases.length} test cases on ${runtimes.map((r) => r.name).join(', ')}`);
  const context = createRuntimeContext({ ...(threads === undefined ? {} : { threads }), log, keepPages: true });
  let result;
  try {
    result = await runConformance({ cases, runtimes, context, tolerance, timeoutMs, log });
  } finally {
    await context.closeShared();
  }
  if (writer) {
    writeFileAtomic(f.report!, Buffer.from(writer(result)));
    log(`wrote report ${f.report}`);
  }
  process.stdout.write(f.json ? `${stringifyReport(conformanceJson(result))}\n` : conformanceSummary(result));
  return 0;
}
