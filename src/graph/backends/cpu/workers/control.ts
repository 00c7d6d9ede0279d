/**
 * Layout of the control block shared by the main thread and the workers (an
 * Int32Array over a SharedArrayBuffer, followed by the kernel arguments as float64).
 * The protocol is in thread-pool.ts; the worker side in worker-source.ts.
 */
export const CTL = {
  /** Incremented by the main thread to publish a task; workers Atomics.wait on it. */
  SEQ: 0,
  /** Workers still running the current task; the last one notifies. */
  PENDING: 1,
  /** Bit i set: worker i takes part in the current task (it was ready when published). */
  MASK: 2,
  /** Index into PARALLEL_KERNELS, or -1 to make workers exit. */
  KERNEL: 3,
  NARGS: 4,
  /** Set by a worker whose kernel threw (a trap); the main thread reports it. */
  ERROR: 5,
  /** Size of the wasm memory in 64 KiB pages when the task was published (see worker-source.ts). */
  HEAP_PAGES: 6,
  /** READY + i: worker i has instantiated the module and waits for tasks. */
  READY: 8,
} as const;

export const MAX_WORKERS = 24;
export const MAX_ARGS = 32;
/** Byte offset of the Float64Array of arguments. */
export const ARGS_BYTE_OFFSET = (CTL.READY + MAX_WORKERS) * 4;
export const CONTROL_BYTES = ARGS_BYTE_OFFSET + MAX_ARGS * 8;
