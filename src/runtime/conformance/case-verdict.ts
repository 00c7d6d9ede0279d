/**
 * One test case on one runtime: open the model, run every test_data_set, compare every
 * expected output with ONNX's rule. Each step has a deadline, so a hanging case costs
 * its timeout and no more (the stuck session is abandoned and closed in the background).
 */
import { describeError } from '../../util/errors.js';
import type { HostTensor } from '../../graph/host-tensor.js';
import type { ModelUnderTest } from '../model-under-test.js';
import type { Runtime, RuntimeContext } from '../runtime.js';
import type { Tolerance } from '../parity/tensor-comparison.js';
import { describeDifference, firstDifference, type FirstDifference } from './first-difference.js';

export interface TestDataSet {
  readonly name: string;
  readonly inputs: ReadonlyMap<string, HostTensor>;
  readonly outputs: ReadonlyMap<string, HostTensor>;
}

export type CaseStatus = 'passed' | 'failed' | 'unsupported';

export interface CaseVerdict {
  status: CaseStatus;
  /** Why it could not run (ORT's or our one line), or the first difference as text. */
  reason: string | null;
  /** The first differing element, for failed cases. */
  difference: (FirstDifference & { dataSet: string }) | null;
  milliseconds: number;
}

export class CaseTimeout extends Error {}

/** `promise`, or a CaseTimeout after `ms`. */
export async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CaseTimeout(`${what} timed out after ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function oneLine(error: unknown): string {
  const text = describeError(error).replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

export async function runCaseOn(runtime: Runtime, model: ModelUnderTest, dataSets: readonly TestDataSet[], context: RuntimeContext, tolerance: Tolerance, timeoutMs: number): Promise<CaseVerdict> {
  const started = performance.now();
  const done = (v: Omit<CaseVerdict, 'milliseconds'>): CaseVerdict => ({ ...v, milliseconds: Math.round(performance.now() - started) });
  const opening = runtime.open(model, context);
  let opened;
  try {
    opened = await withDeadline(opening, timeoutMs, 'opening the model');
  } catch (error) {
    // A session that opens after its deadline is closed when it does.
    void opening.then((late) => (late.available ? late.session.close() : undefined)).catch(() => {});
    return done({ status: 'unsupported', reason: oneLine(error), difference: null });
  }
  if (!opened.available) return done({ status: 'unsupported', reason: oneLine(opened.reason), difference: null });
  const session = opened.session;
  let abandoned = false;
  try {
    for (const set of dataSets) {
      let outputs: Map<string, HostTensor>;
      try {
        outputs = await withDeadline(session.run(set.inputs, [...set.outputs.keys()]), timeoutMs, `${set.name}: running`);
      } catch (error) {
        abandoned = error instanceof CaseTimeout;
        return done({ status: 'unsupported', reason: oneLine(error), difference: null });
      }
      for (const [name, expected] of set.outputs) {
        const actual = outputs.get(name);
        if (!actual) return done({ status: 'unsupported', reason: `${set.name}: no output "${name}" came back`, difference: null });
        const difference = firstDifference(name, expected, actual, tolerance);
        if (difference) return done({ status: 'failed', reason: `${set.name} ${describeDifference(difference)}`, difference: { ...difference, dataSet: set.name } });
      }
    }
    return done({ status: 'passed', reason: null, difference: null });
  } finally {
    // A run still going after its deadline may never answer: close without waiting.
    const closing = session.close().catch(() => {});
    if (!abandoned) await withDeadline(closing, timeoutMs, 'closing').catch(() => {});
  }
}
