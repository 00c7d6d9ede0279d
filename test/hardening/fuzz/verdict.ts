/**
 * What counts as a clean ending for a fuzz case: a valid result, or ONE line of error
 * that names the input (a ToolError, or an Error whose message names the file/op).
 * A TypeError from deep inside a reader, a multi-line dump or an anonymous message is
 * a failure even when nothing crashed.
 */
import { ToolError } from '../../../src/util/errors.js';

export type Outcome = 'valid' | 'error' | 'failure';

export interface Verdict {
  outcome: Outcome;
  /** The error line, the invariant that broke, or a short description of the result. */
  message: string;
}

/** Errors JavaScript itself raises on a bug (as opposed to an input the reader refused). */
const INTERNAL_ERRORS = ['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError', 'EvalError', 'URIError'];

export function judgeError(error: unknown, names: readonly string[]): Verdict {
  if (!(error instanceof Error)) return { outcome: 'failure', message: `threw a non-Error: ${String(error)}` };
  const line = `${error.name}: ${error.message}`;
  if (error.message.includes('\n')) return { outcome: 'failure', message: `multi-line error: ${line.split('\n')[0]} …` };
  if (!names.some((name) => error.message.includes(name))) return { outcome: 'failure', message: `error does not name the input: ${line}` };
  if (!(error instanceof ToolError) && INTERNAL_ERRORS.includes(error.constructor.name)) {
    return { outcome: 'failure', message: `internal ${line}` };
  }
  return { outcome: 'error', message: error.message };
}

export const valid = (message = 'read'): Verdict => ({ outcome: 'valid', message });
export const broken = (message: string): Verdict => ({ outcome: 'failure', message });

/** Run one reader call and judge how it ended; `check` inspects a result for broken invariants. */
export async function attempt<T>(names: readonly string[], read: () => T | Promise<T>, check?: (result: T) => string | null): Promise<Verdict> {
  let result: T;
  try {
    result = await read();
  } catch (error) {
    return judgeError(error, names);
  }
  const problem = check?.(result) ?? null;
  return problem ? broken(problem) : valid();
}

/** Several readers on one input: the first failure wins, else the first reader's outcome. */
export function combine(first: Verdict, ...others: Verdict[]): Verdict {
  return [first, ...others].find((v) => v.outcome === 'failure') ?? first;
}
