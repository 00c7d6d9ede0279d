/**
 * Layout of the control block shared by the calling thread and the workers (an
 * Int32Array over a SharedArrayBuffer, followed by the kernel arguments as float64).
 * The protocol is in thread-pool.ts; the worker side in worker-source.ts.
 */
export const CTL = {
  /** Incremented by the calling thread to publish a task; workers Atomics.wait on it. */
  SEQ: 0,
  /** Workers that joined the current task, plus the CLOSED bit once no more may join. */
  ENTRY: 1,
  /** Workers that joined and have finished; the caller waits for DONE == joined. */
  DONE: 2,
  /** Index into PARALLEL_KERNELS, or -1 to make workers exit. */
  KERNEL: 3,
  NARGS: 4,
  /** Set by a worker whose kernel threw (a trap): 1 + the length of its message (at MESSAGE_BYTE_OFFSET). */
  ERROR: 5,
  /** Size of the wasm memory in 64 KiB pages when the task was published. */
  HEAP_PAGES: 6,
  /** READY + i: worker i has instantiated the module and waits for tasks. */
  READY: 8,
} as const;

/** ENTRY bit set by the caller when it has run out of chunks: late workers stay out. */
export const CLOSED = 1 << 30;
export const MAX_WORKERS = 24;
/**
 * How long a thread polls before it blocks: a training step publishes its next task
 * within tens of microseconds, and waking from Atomics.wait costs about as much again,
 * on both sides (a worker waiting for work, the caller waiting for the workers).
 * Bounded, so an idle pool costs nothing after it.
 */
export const SPIN_MICROSECONDS = 100;
export const MAX_ARGS = 40;
/** Byte offset of the Float64Array of arguments. */
export const ARGS_BYTE_OFFSET = (CTL.READY + MAX_WORKERS) * 4;
/** A failed worker's error message, as UTF-16 code units. */
export const MESSAGE_BYTE_OFFSET = ARGS_BYTE_OFFSET + MAX_ARGS * 8;
export const MAX_MESSAGE = 256;
export const CONTROL_BYTES = MESSAGE_BYTE_OFFSET + MAX_MESSAGE * 2;
