/**
 * Two ways to run a command in tests: in-process (fast; stdout/stderr captured, a
 * thrown ToolError turned into its exit code as runCli does) and as a real process
 * through the bin file (for what only a process shows: one-line errors, --verbose).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { vi } from 'vitest';
import { ToolError } from '../../src/util/errors.js';
import { repoRoot } from '../helpers/paths.js';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runInProcess(main: (argv: string[]) => Promise<number>, argv: string[]): Promise<CommandResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const capture = (sink: string[]) => (chunk: string | Uint8Array) => {
    sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture(stdout) as typeof process.stdout.write);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture(stderr) as typeof process.stderr.write);
  let code: number;
  try {
    code = await main(argv);
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    stderr.push(`${error.message}\n`);
    code = error.exitCode;
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

/** Runs src/bin/<name>.ts in a fresh Node (through tsx), with `env` added. */
export function runBin(name: string, argv: string[], env: Record<string, string> = {}): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'src', 'bin', `${name}.ts`), ...argv],
      { cwd: repoRoot, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
