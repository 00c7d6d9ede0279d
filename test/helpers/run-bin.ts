/** Runs one of our bins from source (through tsx) as a child process, as a user would. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export interface BinResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function startBin(name: string, args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<BinResult> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src', 'bin', `${name}.ts`), ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<BinResult>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

export function runBin(name: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<BinResult> {
  return startBin(name, args, env).done;
}
