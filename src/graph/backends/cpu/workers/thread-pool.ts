/**
 * Runs a kernel on all threads: the calling thread is thread 0, workers are 1..n-1.
 *
 * Protocol (control.ts): the caller writes the kernel index and arguments, sets
 * PENDING to the number of participating workers and bumps SEQ (Atomics, so the
 * writes are visible), notifies, runs its own share, then waits until PENDING is 0.
 * Workers block in Atomics.wait between tasks (no spinning: the cores are shared).
 * A worker not yet started is simply left out of the task's MASK and its share runs
 * on the calling thread, so results never depend on start-up timing.
 */
import { BackendError } from '../../../backend.js';
import type { KernelExports, ParallelKernel } from '../wasm/exports.js';
import { PARALLEL_KERNELS } from '../wasm/exports.js';
import { ARGS_BYTE_OFFSET, CONTROL_BYTES, CTL, MAX_ARGS, MAX_WORKERS } from './control.js';
import { spawnWorker, type WorkerHandle } from './spawn.js';
import { WORKER_SOURCE } from './worker-source.js';

type KernelFn = (...args: number[]) => void;

export class ThreadPool {
  readonly threads: number;
  private readonly ctl: Int32Array;
  private readonly args: Float64Array;
  private readonly workers: (WorkerHandle | null)[] = [];
  private readonly call: number[] = [];
  private canBlock = true;
  private workerError: Error | null = null;

  constructor(
    threads: number,
    private readonly kernels: KernelExports,
    module: WebAssembly.Module,
    private readonly memory: WebAssembly.Memory,
  ) {
    this.threads = Math.max(1, Math.min(threads, MAX_WORKERS + 1));
    // Single-threaded pools never publish; they work without SharedArrayBuffer.
    const control = this.threads > 1 ? new SharedArrayBuffer(CONTROL_BYTES) : new ArrayBuffer(CONTROL_BYTES);
    this.ctl = new Int32Array(control);
    this.args = new Float64Array(control, ARGS_BYTE_OFFSET, MAX_ARGS);
    for (let i = 1; i < this.threads; i++) {
      const init = { module, memory, control: control as SharedArrayBuffer, index: i, threads: this.threads, kernels: PARALLEL_KERNELS };
      this.workers.push(spawnWorker(WORKER_SOURCE, init, (err) => (this.workerError = err)));
    }
  }

  /** Workers that have started and take part in tasks. */
  readyWorkers(): number {
    let n = 0;
    for (let i = 1; i < this.threads; i++) if (Atomics.load(this.ctl, CTL.READY + i) === 1) n++;
    return n;
  }

  /** Resolves once every worker that could be spawned is running (or after `timeoutMs`). */
  async ready(timeoutMs = 10_000): Promise<void> {
    const expected = this.workers.filter(Boolean).length;
    const until = Date.now() + timeoutMs;
    while (this.readyWorkers() < expected && Date.now() < until) await new Promise((r) => setTimeout(r, 2));
  }

  /**
   * kernels[name](tid, nt, ...args) on every thread; returns when all are done. With
   * `parallel` false the whole job runs as (0, 1, ...args) on the calling thread.
   */
  run(name: ParallelKernel, args: readonly number[], parallel = true): void {
    const fn = this.kernels[name] as KernelFn;
    const nt = parallel ? this.threads : 1;
    const call = this.call;
    call.length = args.length + 2;
    for (let i = 0; i < args.length; i++) call[i + 2] = args[i]!;
    call[1] = nt;
    let mask = 0;
    let count = 0;
    for (let i = 1; i < nt; i++)
      if (Atomics.load(this.ctl, CTL.READY + i) === 1) {
        mask |= 1 << i;
        count++;
      }
    if (count > 0) this.publish(PARALLEL_KERNELS.indexOf(name), args, mask, count);
    for (let tid = 0; tid < nt; tid++) {
      if (tid > 0 && mask & (1 << tid)) continue;
      call[0] = tid;
      fn.apply(null, call);
    }
    if (count > 0) this.join(name);
  }

  destroy(): void {
    Atomics.store(this.ctl, CTL.KERNEL, -1);
    Atomics.add(this.ctl, CTL.SEQ, 1);
    Atomics.notify(this.ctl, CTL.SEQ);
    for (const w of this.workers) w?.terminate();
    this.workers.length = 0;
  }

  private publish(kernel: number, args: readonly number[], mask: number, count: number): void {
    if (args.length > MAX_ARGS) throw new BackendError(`cpu thread pool: ${args.length} arguments, at most ${MAX_ARGS}`);
    const ctl = this.ctl;
    for (let i = 0; i < args.length; i++) this.args[i] = args[i]!;
    ctl[CTL.NARGS] = args.length;
    ctl[CTL.KERNEL] = kernel;
    ctl[CTL.MASK] = mask;
    ctl[CTL.HEAP_PAGES] = this.memory.buffer.byteLength / 65536;
    Atomics.store(ctl, CTL.PENDING, count);
    Atomics.add(ctl, CTL.SEQ, 1);
    Atomics.notify(ctl, CTL.SEQ);
  }

  private join(name: string): void {
    const ctl = this.ctl;
    for (;;) {
      const pending = Atomics.load(ctl, CTL.PENDING);
      if (pending === 0) break;
      // A worker that died never decrements PENDING: give up instead of hanging.
      if (this.workerError) throw new BackendError(`cpu ${name}: a worker thread died: ${this.workerError.message}`);
      if (this.canBlock) {
        try {
          Atomics.wait(ctl, CTL.PENDING, pending, 200);
        } catch {
          // A browser's main thread may not block: poll instead (use the backend from a worker).
          this.canBlock = false;
        }
      }
    }
    if (Atomics.load(ctl, CTL.ERROR) !== 0) {
      Atomics.store(ctl, CTL.ERROR, 0);
      throw new BackendError(`cpu ${name}: a worker thread failed${this.workerError ? `: ${this.workerError.message}` : ''}`);
    }
  }
}
