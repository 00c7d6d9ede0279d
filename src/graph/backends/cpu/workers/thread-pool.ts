/**
 * Runs a kernel on all threads: the calling thread is thread 0, workers are 1..n-1.
 * Kernels split their work into chunks that threads claim from a counter in the wasm
 * memory (assembly/cpu-kernels/partition.ts), so nobody waits for a fixed share.
 *
 * Protocol (control.ts): the caller writes the kernel and arguments, zeroes the chunk
 * counter, ENTRY and DONE, bumps SEQ and notifies. Woken workers join by incrementing
 * ENTRY (unless CLOSED is set) and claim chunks; the caller claims chunks too. When the
 * caller runs out of chunks it sets CLOSED and waits only for the workers that joined,
 * until DONE equals their number. A worker that is slow to wake (a busy core) is
 * simply left out instead of stalling the step. Between tasks, workers poll for
 * SPIN_MICROSECONDS, then block in Atomics.wait: the cores may be shared.
 *
 * Workers start on the first task worth sharing (or `ready()`): a process that only
 * ever runs small work — one prediction — never pays for starting them.
 */
import { BackendError } from '../../../backend.js';
import type { KernelExports, ParallelKernel } from '../wasm/exports.js';
import { PARALLEL_KERNELS } from '../wasm/exports.js';
import { ARGS_BYTE_OFFSET, CLOSED, CONTROL_BYTES, CTL, MAX_ARGS, MAX_WORKERS, MESSAGE_BYTE_OFFSET, SPIN_MICROSECONDS } from './control.js';
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
  private counterView: Int32Array = new Int32Array(0);
  private workerError: Error | null = null;
  private started = false;

  constructor(
    threads: number,
    private readonly kernels: KernelExports,
    private readonly module: WebAssembly.Module,
    private readonly memory: WebAssembly.Memory,
    /** Byte offset of this pool's chunk counter (an i32) in the wasm memory. */
    private readonly counter: number,
  ) {
    this.threads = Math.max(1, Math.min(threads, MAX_WORKERS + 1));
    // Single-threaded pools never publish; they work without SharedArrayBuffer.
    const control = this.threads > 1 ? new SharedArrayBuffer(CONTROL_BYTES) : new ArrayBuffer(CONTROL_BYTES);
    this.ctl = new Int32Array(control);
    this.args = new Float64Array(control, ARGS_BYTE_OFFSET, MAX_ARGS);
  }

  /** Starts the workers (once); they join tasks as soon as they are running. */
  private start(): void {
    if (this.started) return;
    this.started = true;
    for (let i = 1; i < this.threads; i++) {
      const init = { module: this.module, memory: this.memory, control: this.ctl.buffer as SharedArrayBuffer, index: i, threads: this.threads,
        counter: this.counter, kernels: PARALLEL_KERNELS };
      this.workers.push(spawnWorker(WORKER_SOURCE, init, (err) => (this.workerError = err)));
    }
  }

  /** Workers that have started and take part in tasks. */
  readyWorkers(): number {
    let n = 0;
    for (let i = 1; i < this.threads; i++) if (Atomics.load(this.ctl, CTL.READY + i) === 1) n++;
    return n;
  }

  /** Starts the workers if need be; resolves once every one that could be spawned is running (or after `timeoutMs`). */
  async ready(timeoutMs = 10_000): Promise<void> {
    this.start();
    const expected = this.workers.filter(Boolean).length;
    const until = Date.now() + timeoutMs;
    while (this.readyWorkers() < expected && Date.now() < until) await new Promise((r) => setTimeout(r, 2));
  }

  /**
   * kernels[name](tid, nt, counter, ...args) on the calling thread and on every worker
   * that wakes in time; returns when all chunks are done. `args` start with the
   * kernel's chunk size. With `parallel` false the calling thread does it all.
   */
  run(name: ParallelKernel, args: readonly number[], parallel = true): void {
    const fn = this.kernels[name] as KernelFn;
    const call = this.call;
    call.length = args.length + 3;
    call[0] = 0;
    call[1] = this.threads;
    call[2] = this.counter;
    for (let i = 0; i < args.length; i++) call[i + 3] = args[i]!;
    // (Re)made when the memory's buffer was replaced: a non-shared memory detaches it on growth.
    if (this.counterView.length === 0) this.counterView = new Int32Array(this.memory.buffer, this.counter, 1);
    Atomics.store(this.counterView, 0, 0);
    if (parallel && !this.started && this.threads > 1) this.start();
    const publish = parallel && this.threads > 1 && this.readyWorkers() > 0;
    if (!publish) {
      fn.apply(null, call);
      return;
    }
    this.publish(PARALLEL_KERNELS.indexOf(name), args);
    try {
      fn.apply(null, call);
    } finally {
      // Even when this thread's share trapped: workers that joined must finish before
      // the control block is reused.
      this.join(name);
    }
  }

  destroy(): void {
    Atomics.store(this.ctl, CTL.KERNEL, -1);
    Atomics.store(this.ctl, CTL.ENTRY, 0);
    Atomics.add(this.ctl, CTL.SEQ, 1);
    Atomics.notify(this.ctl, CTL.SEQ);
    for (const w of this.workers) w?.terminate();
    this.workers.length = 0;
  }

  private publish(kernel: number, args: readonly number[]): void {
    if (args.length > MAX_ARGS) throw new BackendError(`cpu thread pool: ${args.length} arguments, at most ${MAX_ARGS}`);
    const ctl = this.ctl;
    for (let i = 0; i < args.length; i++) this.args[i] = args[i]!;
    ctl[CTL.NARGS] = args.length;
    ctl[CTL.KERNEL] = kernel;
    ctl[CTL.HEAP_PAGES] = this.memory.buffer.byteLength / 65536;
    // Arguments first, then the entry gate: a worker that joins sees them.
    Atomics.store(ctl, CTL.DONE, 0);
    Atomics.store(ctl, CTL.ENTRY, 0);
    Atomics.add(ctl, CTL.SEQ, 1);
    Atomics.notify(ctl, CTL.SEQ);
  }

  private join(name: string): void {
    const ctl = this.ctl;
    const joined = Atomics.or(ctl, CTL.ENTRY, CLOSED) & ~CLOSED;
    const until = performance.now() + SPIN_MICROSECONDS / 1000;
    while (Atomics.load(ctl, CTL.DONE) < joined && performance.now() < until) {}
    for (;;) {
      const done = Atomics.load(ctl, CTL.DONE);
      if (done >= joined) break;
      // A worker that died never reports: give up instead of hanging.
      if (this.workerError) throw new BackendError(`cpu ${name}: a worker thread died: ${this.workerError.message}`);
      if (this.canBlock) {
        try {
          Atomics.wait(ctl, CTL.DONE, done, 200);
        } catch {
          // A browser's main thread may not block: poll instead (use the backend from a worker).
          this.canBlock = false;
        }
      }
    }
    const error = Atomics.load(ctl, CTL.ERROR);
    if (error !== 0) {
      Atomics.store(ctl, CTL.ERROR, 0);
      const chars = new Uint16Array(ctl.buffer, MESSAGE_BYTE_OFFSET, error - 1);
      throw new BackendError(`cpu ${name}: a worker thread failed: ${String.fromCharCode(...chars)}`);
    }
  }
}
