/**
 * One fuzzed command line, run as a real process (bins from source through tsx), and
 * its verdict. Clean: it finishes (or, given more than `caseMs`, stops within a grace
 * period of Ctrl-C); it never prints a stack trace; exit 2 ends in one line from the
 * command naming what is wrong; exit 1 only with the command's documented meaning.
 * Anything else — a hang, a trace, a raw crash — is a failure with the replay command.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../../../helpers/paths.js';
import { BIN_FILE, type CliCase, type CliName } from './flag-cases.js';

export interface CliVerdict {
  case: CliCase;
  outcome: 'ok' | 'refused' | 'stopped' | 'failure';
  code: number | null;
  ms: number;
  /** For failures: what was wrong; otherwise the last line of stderr. */
  message: string;
  /** The end of stdout (reports such as inspect's). */
  stdout: string;
}

export interface CliRunLimits {
  /** Longer than this and the case gets Ctrl-C (SIGINT). */
  caseMs: number;
  /** After Ctrl-C, longer than this is a hang (SIGKILL). */
  graceMs: number;
}

export const DEFAULT_CLI_LIMITS: CliRunLimits = { caseMs: 30_000, graceMs: 15_000 };

/** tsx by absolute URL: cases run inside the sandbox folder, so relative outputs land there, not in the repository. */
const TSX = pathToFileURL(createRequire(join(repoRoot, 'package.json')).resolve('tsx')).href;

const STACK_LINE = /^\s+at .+(\(|\s)(node:|file:|\/).+:\d+:\d+\)?$/m;

/** What exit code 1 may mean per command (anything else with 1 is an uncaught error). */
const MEANS_ONE: Partial<Record<CliName, (out: string, err: string) => boolean>> = {
  'train-and-export': (_out, err) => /training diverged/.test(err),
  'verify-parity': () => true, // 1 = a required runtime disagrees; every other failure is wrapped into 2
  'inspect-onnx': (out) => /check: \d+ problem\(s\)/.test(out),
};

export function judge(c: CliCase, code: number | null, signal: string | null, out: string, err: string, ms: number, hung: boolean, interrupted: boolean): CliVerdict {
  const lines = err.trim().split('\n').filter(Boolean);
  // With --verbose the reason is followed by the stack the user asked for.
  const verbose = c.argv.includes('--verbose');
  const reason = verbose ? lines.find((l) => !/^\s+at /.test(l))?.replace(/^ToolError: /, '') : undefined;
  const last = reason ?? lines[lines.length - 1] ?? '';
  const stdout = out.slice(-10_000);
  const fail = (message: string): CliVerdict => ({ case: c, outcome: 'failure', code, ms, message, stdout });
  if (hung) return fail(`hang: still running ${ms} ms after Ctrl-C (killed)`);
  // --verbose asks for the stack: only a trace nobody asked for is a failure.
  if (!verbose && (STACK_LINE.test(err) || STACK_LINE.test(out))) return fail(`stack trace printed: ${last.slice(0, 200)}`);
  if (interrupted) {
    if (code === 130 || code === 0 || signal === 'SIGINT' || code === 2) return { case: c, outcome: 'stopped', code, ms, message: last, stdout };
    return fail(`exit ${code} after Ctrl-C: ${last.slice(0, 200)}`);
  }
  if (signal) return fail(`killed by ${signal}`);
  if (code === 0) return { case: c, outcome: 'ok', code, ms, message: last, stdout };
  if (code === 2) {
    const named = last.startsWith(`${c.cli}:`) || last.startsWith('inspect:') || last.startsWith('usage:') || /^\S.*: /.test(last);
    if (!named) return fail(`exit 2 without a one-line reason: ${JSON.stringify(last.slice(0, 200))}`);
    if (last.length > 2000) return fail(`exit 2 with a ${last.length}-character line`);
    return { case: c, outcome: 'refused', code, ms, message: last, stdout };
  }
  if (code === 1 && MEANS_ONE[c.cli]?.(out, err)) return { case: c, outcome: 'ok', code, ms, message: last, stdout };
  return fail(`exit ${code}: ${last.slice(0, 200)}`);
}

export function runCliCase(c: CliCase, cwd: string, env: NodeJS.ProcessEnv, limits: CliRunLimits = DEFAULT_CLI_LIMITS): Promise<CliVerdict> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', TSX, join(repoRoot, 'src', 'bin', `${BIN_FILE[c.cli]}.ts`), ...c.argv], {
    cwd, env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out.length < 1e6 ? (out += d.toString()) : undefined));
  child.stderr!.on('data', (d: Buffer) => (err.length < 1e6 ? (err += d.toString()) : undefined));
  let interrupted = false;
  let hung = false;
  const slow = setTimeout(() => {
    interrupted = true;
    child.kill('SIGINT');
  }, limits.caseMs);
  const stuck = setTimeout(() => {
    hung = true;
    child.kill('SIGKILL');
  }, limits.caseMs + limits.graceMs);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(slow);
      clearTimeout(stuck);
      resolve(judge(c, code, signal, out, err, Math.round(performance.now() - started), hung, interrupted));
    });
  });
}

/** Runs cases with `parallel` processes at a time, in order of their index. */
export async function runCliCases(cases: CliCase[], cwd: string, env: NodeJS.ProcessEnv, parallel: number, limits?: CliRunLimits, onVerdict?: (v: CliVerdict) => void): Promise<CliVerdict[]> {
  const verdicts: CliVerdict[] = new Array(cases.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const i = next++;
      verdicts[i] = await runCliCase(cases[i]!, cwd, env, limits);
      onVerdict?.(verdicts[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, cases.length) }, worker));
  return verdicts;
}

export function replayCliCommand(v: CliVerdict): string {
  return `npm run fuzz -- --reader none --cli ${v.case.cli} --seed ${v.case.seed} --case ${v.case.index}`;
}
