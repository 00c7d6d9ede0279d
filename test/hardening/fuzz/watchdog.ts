/**
 * The watchdog: runs fuzz cases in a child process (case-runner.ts) with a per-case
 * deadline. A case that does not answer in time is killed and reported as a hang; a
 * child that dies mid-case is reported as a crash; either way a fresh child takes over.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../../helpers/paths.js';
import type { CaseReport } from './case-report.js';
import type { RunnerRequest } from './case-runner.js';
import { FUZZ_LIMITS } from './limits.js';
import type { ReaderName } from './target.js';

const RUNNER = fileURLToPath(new URL('./case-runner.ts', import.meta.url));

type RunnerMessage =
  | { type: 'prepared'; seeds: number; mutators: string[] }
  | { type: 'started'; seedName: string; mutator: string }
  | { type: 'report'; report: CaseReport }
  | { type: 'fatal'; message: string };

/** tmpfs when there is one: the tar target fsyncs every file it extracts. */
function sandboxRoot(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

export class CaseRunnerProcess {
  private child: ChildProcess | null = null;
  private stderrTail = '';
  private listener: ((m: RunnerMessage | { type: 'exit'; why: string }) => void) | null = null;
  readonly sandbox = mkdtempSync(join(sandboxRoot(), 'lenet-fuzz-'));
  /** The corpus size and mutator names, known once the runner is prepared. */
  seeds = 0;
  mutators: string[] = [];

  constructor(
    readonly reader: ReaderName,
    private readonly options: { caseMs: number; runnerScript: string } = { caseMs: FUZZ_LIMITS.caseMs, runnerScript: RUNNER },
  ) {}

  /** Runs case `index` of `seed`; never rejects for what the case did (hangs and crashes are reports). */
  async run(seed: number, index: number): Promise<CaseReport> {
    if (!this.child) await this.start();
    const failure = (message: string, plan: { seedName: string; mutator: string }): CaseReport => ({
      reader: this.reader, seed, index, ...plan, outcome: 'failure', message, ms: this.options.caseMs, memoryGrowth: 0, rss: 0,
    });
    let plan = { seedName: '?', mutator: '?' };
    return new Promise<CaseReport>((resolve) => {
      const timer = setTimeout(() => {
        this.kill();
        resolve(failure(`hang: no answer within ${this.options.caseMs} ms (killed)`, plan));
      }, this.options.caseMs);
      this.listener = (m) => {
        if (m.type === 'started') {
          plan = { seedName: m.seedName, mutator: m.mutator };
          return;
        }
        clearTimeout(timer);
        this.listener = null;
        if (m.type === 'report') resolve(m.report);
        else if (m.type === 'exit') resolve(failure(`crash: the runner died (${m.why})${this.lastError()}`, plan));
        else resolve(failure(`runner error: ${m.type === 'fatal' ? m.message.split('\n')[0] : m.type}`, plan));
      };
      this.child!.send({ type: 'case', seed, index } satisfies RunnerRequest);
    });
  }

  close(): void {
    this.kill();
    rmSync(this.sandbox, { recursive: true, force: true });
  }

  private lastError(): string {
    const line = this.stderrTail.trim().split('\n').filter(Boolean).pop();
    return line ? `; stderr: ${line.slice(0, 300)}` : '';
  }

  private kill(): void {
    const child = this.child;
    this.child = null;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  private async start(): Promise<void> {
    this.stderrTail = '';
    const child = fork(this.options.runnerScript, [this.sandbox], {
      cwd: repoRoot,
      execArgv: ['--import', 'tsx', `--max-old-space-size=${FUZZ_LIMITS.heapMb}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child = child;
    child.stderr!.on('data', (chunk: Buffer) => (this.stderrTail = (this.stderrTail + chunk.toString()).slice(-4000)));
    child.on('message', (m: RunnerMessage) => {
      if (this.child === child) this.listener?.(m);
    });
    child.on('exit', (code, signal) => {
      if (this.child !== child) return; // a runner we killed ourselves, already replaced
      this.child = null;
      this.listener?.({ type: 'exit', why: signal ? `signal ${signal}` : `exit code ${code}` });
    });
    const prepared = await new Promise<RunnerMessage | { type: 'exit'; why: string }>((resolve) => {
      const timer = setTimeout(() => resolve({ type: 'exit', why: `not prepared within ${FUZZ_LIMITS.prepareMs} ms` }), FUZZ_LIMITS.prepareMs);
      this.listener = (m) => {
        clearTimeout(timer);
        this.listener = null;
        resolve(m);
      };
      child.send({ type: 'prepare', reader: this.reader } satisfies RunnerRequest);
    });
    if (prepared.type !== 'prepared') {
      this.kill();
      const why = prepared.type === 'fatal' ? prepared.message : prepared.type === 'exit' ? prepared.why + this.lastError() : prepared.type;
      throw new Error(`fuzz runner for ${this.reader} could not start: ${why}`);
    }
    this.seeds = prepared.seeds;
    this.mutators = prepared.mutators;
  }
}
