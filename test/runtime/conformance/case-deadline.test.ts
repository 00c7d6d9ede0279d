/**
 * A case that hangs on one runtime costs its deadline and no more: the verdict says it
 * timed out, the run goes on to the next case, and the stuck session is closed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findTestCases } from '../../../src/runtime/conformance/find-test-cases.js';
import { runConformance } from '../../../src/runtime/conformance/conformance-run.js';
import { ONNX_BACKEND_TOLERANCE } from '../../../src/runtime/conformance/first-difference.js';
import { createRuntimeContext } from '../../../src/runtime/runtime-context.js';
import type { Runtime } from '../../../src/runtime/runtime.js';
import { ortNodeRuntime } from '../../../src/runtime/adapters/ort-node.js';
import { linkSample } from '../../helpers/conformance-sample.js';

const work = mkdtempSync(join(tmpdir(), 'case-deadline-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** ort-node, except that running test_add never answers. */
function hangsOnAdd(closed: string[]): Runtime {
  return {
    name: 'hangs-on-add',
    description: 'ort-node that hangs on Add',
    environment: 'node',
    async open(model, context) {
      const opened = await ortNodeRuntime.open(model, context);
      if (!opened.available) return opened;
      const isAdd = model.path!.includes('test_add/');
      return {
        available: true,
        session: {
          provider: 'hanging',
          maxBatch: null,
          run: (feeds, fetches) => (isAdd ? new Promise(() => {}) : opened.session.run(feeds, fetches)),
          async close() {
            closed.push(model.path!);
            await opened.session.close();
          },
        },
      };
    },
  };
}

describe('per-case deadline', () => {
  it('a hanging case is "could not run: timed out" and the next case still runs', async () => {
    const [dir] = linkSample(work, ['node/test_add', 'node/test_sub']);
    const closed: string[] = [];
    const context = createRuntimeContext({ threads: 1 });
    const started = Date.now();
    const result = await runConformance({ cases: findTestCases(dir!), runtimes: [hangsOnAdd(closed)], context, tolerance: ONNX_BACKEND_TOLERANCE, timeoutMs: 500, log: () => {} });
    await context.closeShared();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.results.map((r) => [r.case, r.verdicts['hangs-on-add']!.status, r.verdicts['hangs-on-add']!.reason])).toEqual([
      ['node/test_add', 'unsupported', 'test_data_set_0: running timed out after 0.5 s'],
      ['node/test_sub', 'passed', null],
    ]);
    expect(closed).toHaveLength(2);
  });

  it('a folder without cases is one line naming it', () => {
    const empty = mkdtempSync(join(work, 'empty-'));
    expect(() => findTestCases(empty)).toThrow(/^--onnx-tests .*: no test case folders \(model\.onnx \+ test_data_set_N\/\) in it$/);
    expect(() => findTestCases(join(work, 'missing'))).toThrow(/^--onnx-tests .*missing: no such folder$/);
  });
});
