/**
 * Injected faults against real train-and-export processes, each judged against one
 * uninterrupted reference run of the same recipe. "Survived with nothing lost" means:
 * every checkpoint on disk loads, no half-written model under its final name, and after
 * the documented recovery (the printed resume command, or --resume of the newest
 * checkpoint) the model's weights are bit-identical to the reference, metrics.jsonl
 * lists every epoch exactly once, and no temp or lock file is left.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { Random } from '../../../src/graph/random.js';
import { loadCheckpoint } from '../../../src/train/checkpoint.js';
import { repoRoot } from '../../helpers/paths.js';
import { listTree, metricEpochs, weightBytes } from '../helpers/small-run.js';

export interface FaultResult {
  name: string;
  survived: boolean;
  detail: string;
}

const TSX = pathToFileURL(createRequire(join(repoRoot, 'package.json')).resolve('tsx')).href;
const BIN = join(repoRoot, 'src', 'bin', 'train-and-export.ts');

interface Run {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/** Starts train-and-export --json; `onLine` sees each JSON event and may signal the child. */
function start(args: string[], env: NodeJS.ProcessEnv, onEvent?: (e: { type: string; text?: string; epoch?: number }, kill: (s: NodeJS.Signals) => void) => void) {
  const child = spawn(process.execPath, ['--import', TSX, BIN, ...args, '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let pending = '';
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
    pending += d.toString();
    let nl: number;
    while ((nl = pending.indexOf('\n')) !== -1) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      try {
        onEvent?.(JSON.parse(line) as { type: string }, (s) => child.kill(s));
      } catch {
        // not JSON: ignore
      }
    }
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Run>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

const messagesOf = (run: Run): string[] =>
  run.stdout.split('\n').filter(Boolean).flatMap((l) => {
    try {
      const e = JSON.parse(l) as { type: string; text?: string };
      return e.type === 'message' && e.text ? [e.text] : [];
    } catch {
      return [];
    }
  });

export class FaultLab {
  private n = 0;
  private reference: Record<string, string> = {};
  /** How long the reference run took from its backend line to its exit: kills land inside it. */
  private trainingMs = 1000;
  readonly epochs = 3;

  constructor(
    private readonly root: string,
    private readonly data: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  recipe(out: string): string[] {
    return [out, '--data', this.data, '--limit', '160', '--epochs', String(this.epochs), '--seed', '7', '--batch-size', '16', '--warmup-epochs', '0'];
  }

  private fresh(name: string): { dir: string; out: string } {
    const dir = join(this.root, `fault-${++this.n}-${name.replace(/\W+/g, '-')}`);
    mkdirSync(dir, { recursive: true });
    return { dir, out: join(dir, 'm.onnx') };
  }

  async prepare(): Promise<void> {
    const { out } = this.fresh('reference');
    let from = 0;
    const r = await start(this.recipe(out), this.env, (e) => {
      if (e.type === 'message' && e.text?.startsWith('backend:')) from = performance.now();
    }).done;
    if (r.code !== 0) throw new Error(`reference run failed: ${r.stderr}`);
    this.trainingMs = Math.max(200, Math.round(performance.now() - from));
    this.reference = weightBytes(out);
  }

  /** Everything "nothing lost" means, for a run folder after its recovery. */
  private verify(dir: string, out: string): string | null {
    if (!existsSync(out)) return 'no model after recovery';
    const same = JSON.stringify(weightBytes(out)) === JSON.stringify(this.reference);
    if (!same) return 'weights differ from the uninterrupted run';
    const epochs = metricEpochs(join(dir, 'm-run'));
    if (JSON.stringify(epochs) !== JSON.stringify([1, 2, 3])) return `metrics.jsonl lists epochs ${JSON.stringify(epochs)}`;
    const leftovers = listTree(dir).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock') || f.includes('.write-probe-'));
    if (leftovers.length) return `left behind: ${leftovers.join(', ')}`;
    return this.checkpointsLoad(dir);
  }

  private checkpointsLoad(dir: string): string | null {
    const folder = join(dir, 'm-run', 'checkpoints');
    for (const f of existsSync(folder) ? readdirSync(folder).filter((n) => n.endsWith('.ckpt')) : []) {
      try {
        loadCheckpoint(join(folder, f));
      } catch (err) {
        return `checkpoint ${f} does not load: ${(err as Error).message}`;
      }
    }
    return null;
  }

  private newestCheckpoint(dir: string): string | null {
    const folder = join(dir, 'm-run', 'checkpoints');
    const names = existsSync(folder) ? readdirSync(folder).filter((n) => /^epoch-\d{4}(-step-\d{6})?\.ckpt$/.test(n)).sort() : [];
    return names.length ? join(folder, names[names.length - 1]!) : null;
  }

  /** The documented recovery after a crash: --resume the newest checkpoint, or run again if none. */
  private async recover(dir: string, out: string): Promise<Run> {
    const newest = this.newestCheckpoint(dir);
    return start(newest ? ['--resume', newest] : this.recipe(out), this.env).done;
  }

  private result(name: string, problem: string | null, detail: string): FaultResult {
    return { name, survived: problem === null, detail: problem ?? detail };
  }

  /** kill -9 at a random moment of training (measured from the backend line). */
  async kill9(seed: number): Promise<FaultResult> {
    const name = `kill -9 (seed ${seed})`;
    const { dir, out } = this.fresh(name);
    const delay = new Random(seed).int(this.trainingMs);
    const first = await start(this.recipe(out), this.env, (e, kill) => {
      if (e.type === 'message' && e.text?.startsWith('backend:')) setTimeout(() => kill('SIGKILL'), delay);
    }).done;
    if (first.code === 0) return this.result(name, this.verify(dir, out), `finished before the kill (${delay} ms)`);
    if (existsSync(out)) return this.result(name, 'a model file exists after a kill before the end', '');
    const broken = this.checkpointsLoad(dir);
    if (broken) return this.result(name, broken, '');
    const again = await this.recover(dir, out);
    if (again.code !== 0) return this.result(name, `recovery exited ${again.code}: ${again.stderr.trim().split('\n').pop()}`, '');
    return this.result(name, this.verify(dir, out), `killed ${delay} ms into training, resumed`);
  }

  /** Ctrl-C at a random moment; the printed command, run as printed, must finish the run. */
  async ctrlC(seed: number, twice = false): Promise<FaultResult> {
    const name = `${twice ? 'double ' : ''}Ctrl-C (seed ${seed})`;
    const { dir, out } = this.fresh(name);
    const delay = new Random(seed).int(this.trainingMs);
    const first = await start(this.recipe(out), this.env, (e, kill) => {
      if (e.type === 'message' && e.text?.startsWith('backend:'))
        setTimeout(() => {
          kill('SIGINT');
          if (twice) setTimeout(() => kill('SIGINT'), 20);
        }, delay);
    }).done;
    if (first.code === 0) return this.result(name, this.verify(dir, out), `finished before Ctrl-C (${delay} ms)`);
    // Killed by the signal itself: it came after the run had let go of Ctrl-C (finished, or already stopping).
    if (first.signal === 'SIGINT') {
      if (existsSync(out)) return this.result(name, this.verify(dir, out), `Ctrl-C after the model was written (${delay} ms)`);
      const again = await this.recover(dir, out);
      if (again.code !== 0) return this.result(name, `recovery exited ${again.code}: ${again.stderr.trim().split('\n').pop()}`, '');
      return this.result(name, this.verify(dir, out), 'Ctrl-C while stopping; resumed from the newest checkpoint');
    }
    if (first.code !== 130) return this.result(name, `exit ${first.code} after Ctrl-C: ${first.stderr.trim().split('\n').pop()}`, '');
    if (existsSync(out)) return this.result(name, 'a model file exists after an interrupted run', '');
    const printed = messagesOf(first).join('\n').match(/resume with: train-and-export (.*)$/m)?.[1];
    const again = printed ? await start(printed.split(' '), this.env).done : await this.recover(dir, out);
    if (!printed && !twice) return this.result(name, 'no resume command printed', '');
    if (again.code !== 0) return this.result(name, `resume exited ${again.code}: ${again.stderr.trim().split('\n').pop()}`, '');
    return this.result(name, this.verify(dir, out), printed ? `stopped ${delay} ms in; resumed with the printed command` : 'aborted; resumed from the newest checkpoint');
  }

  /** Two runs on the same output started together: one trains, the other refuses in one line naming it; nothing mixes. */
  async secondWriter(seed: number): Promise<FaultResult> {
    const name = `second writer (seed ${seed})`;
    const { dir, out } = this.fresh(name);
    const a = start(this.recipe(out), this.env);
    const b = start(this.recipe(out), this.env);
    const runs = await Promise.all([a.done, b.done]);
    const winner = runs.findIndex((r) => r.code === 0);
    if (winner === -1 || runs[1 - winner]!.code !== 2) return this.result(name, `exits ${runs.map((r) => r.code).join(' and ')}`, '');
    const line = runs[1 - winner]!.stderr.trim();
    const pid = [a, b][winner]!.child.pid;
    const lockLine = new RegExp(`process ${pid} .*is writing this output`).test(line);
    const afterIt = /holds checkpoints of an earlier run/.test(line);
    if (line.includes('\n') || !(lockLine || afterIt)) return this.result(name, `the refused run said ${JSON.stringify(line.slice(0, 200))}`, '');
    return this.result(name, this.verify(dir, out), lockLine ? 'the second refused, naming the first; the first intact' : 'the second started after the first ended and refused to mix with it');
  }

  /** A lock left by a process that no longer exists is taken over. */
  async staleLock(seed: number): Promise<FaultResult> {
    const name = `stale lock (seed ${seed})`;
    const { dir, out } = this.fresh(name);
    writeFileSync(`${out}.lock`, JSON.stringify({ pid: 2 ** 22 + seed, host: hostname(), started: new Date(0).toISOString() }));
    const r = await start(this.recipe(out), this.env).done;
    if (r.code !== 0) return this.result(name, `exit ${r.code}: ${r.stderr.trim()}`, '');
    return this.result(name, this.verify(dir, out), 'taken over');
  }

  /** A damaged newest checkpoint is refused in one line; the one before it resumes the run. */
  async tornCheckpoint(kind: 'truncated' | 'bit flip' | 'empty'): Promise<FaultResult> {
    const name = `${kind} checkpoint`;
    const { dir, out } = this.fresh(name);
    const stopped = await start(this.recipe(out), this.env, (e, kill) => {
      if (e.type === 'epoch' && e.epoch === 2) kill('SIGINT');
    }).done;
    if (stopped.code !== 130) return this.result(name, `setup: exit ${stopped.code}`, '');
    const newest = this.newestCheckpoint(dir)!;
    const bytes = readFileSync(newest);
    if (kind === 'truncated') truncateSync(newest, bytes.length >> 1);
    else if (kind === 'empty') truncateSync(newest, 0);
    else {
      bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0x10;
      writeFileSync(newest, bytes);
    }
    const refused = await start(['--resume', newest], this.env).done;
    const line = refused.stderr.trim();
    if (refused.code !== 2 || line.includes('\n') || !/not a usable checkpoint/.test(line)) return this.result(name, `damaged checkpoint: exit ${refused.code}, ${JSON.stringify(line.slice(0, 200))}`, '');
    const previous = join(dir, 'm-run', 'checkpoints', 'epoch-0001.ckpt');
    const again = await start(['--resume', previous], this.env).done;
    if (again.code !== 0) return this.result(name, `resume from the previous checkpoint exited ${again.code}`, '');
    return this.result(name, this.verify(dir, out), 'refused in one line; the previous checkpoint finished the run');
  }

  /** The disk fills up mid-run (a 1.2 MB tmpfs): one line, exit 2, earlier checkpoints intact; after space is freed the run resumes. */
  async fullDisk(seed: number): Promise<FaultResult | null> {
    const name = `full disk (seed ${seed})`;
    const { dir } = this.fresh(name);
    const mount = join(dir, 'disk');
    mkdirSync(mount);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1200k', 'tmpfs', mount], { stdio: 'ignore' });
    } catch {
      return null; // no permission to mount here: not injected
    }
    try {
      const out = join(mount, 'm.onnx');
      const full = await start(this.recipe(out), this.env).done;
      const line = full.stderr.trim();
      if (full.code !== 2 || line.includes('\n') || !/ENOSPC/.test(line)) return this.result(name, `on a full disk: exit ${full.code}, ${JSON.stringify(line.slice(0, 300))}`, '');
      const broken = this.checkpointsLoad(mount);
      if (broken) return this.result(name, broken, '');
      execFileSync('mount', ['-o', 'remount,size=64m', mount], { stdio: 'ignore' });
      const again = await this.recover(mount, out);
      if (again.code !== 0) return this.result(name, `after freeing space: exit ${again.code}: ${again.stderr.trim().split('\n').pop()}`, '');
      return this.result(name, this.verify(mount, out), `${line.replace(/^train-and-export: /, '').slice(0, 80)}…; resumed after freeing space`);
    } finally {
      try {
        execFileSync('umount', [mount], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    }
  }
}
