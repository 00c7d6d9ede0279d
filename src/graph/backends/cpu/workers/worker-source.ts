/**
 * The worker's program, as source text: it is started from a string (Node `eval`
 * workers, or a Blob URL in browsers), so it needs no module resolution and works the
 * same from TypeScript sources, the built dist/ and a browser bundle. It instantiates
 * the kernels on the shared memory, then loops: wait for a task, join it unless the
 * caller has closed it, claim chunks until none are left (inside the kernel), signal.
 */
import { ARGS_BYTE_OFFSET, CLOSED, CTL, MAX_ARGS, MAX_MESSAGE, MESSAGE_BYTE_OFFSET, SPIN_MICROSECONDS } from './control.js';

export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  /** Thread index (1..threads-1; the calling thread is 0). */
  index: number;
  threads: number;
  /** Byte offset of the chunk counter in the wasm memory. */
  counter: number;
  kernels: readonly string[];
}

const body = `
function start(init) {
  const C = ${JSON.stringify(CTL)};
  const CLOSED = ${CLOSED};
  const instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
  const fns = init.kernels.map((name) => instance.exports[name]);
  const ctl = new Int32Array(init.control);
  const args = new Float64Array(init.control, ${ARGS_BYTE_OFFSET}, ${MAX_ARGS});
  const me = init.index, nt = init.threads;
  const call = [];
  let seen = Atomics.load(ctl, C.SEQ);
  Atomics.store(ctl, C.READY + me, 1);
  Atomics.notify(ctl, C.READY + me);
  for (;;) {
    const until = performance.now() + ${SPIN_MICROSECONDS / 1000};
    while (Atomics.load(ctl, C.SEQ) === seen && performance.now() < until) {}
    Atomics.wait(ctl, C.SEQ, seen);
    seen = Atomics.load(ctl, C.SEQ);
    // Join unless the caller already closed the task (it then needs no help).
    let entry = Atomics.load(ctl, C.ENTRY);
    while ((entry & CLOSED) === 0) {
      const prev = Atomics.compareExchange(ctl, C.ENTRY, entry, entry + 1);
      if (prev === entry) break;
      entry = prev;
    }
    if (entry & CLOSED) continue;
    // Joined: the task's kernel and arguments stay put until this worker is DONE.
    const kernel = Atomics.load(ctl, C.KERNEL);
    if (kernel < 0) return;
    const n = ctl[C.NARGS];
    call.length = n + 3;
    call[0] = me;
    call[1] = nt;
    call[2] = init.counter;
    for (let i = 0; i < n; i++) call[i + 3] = args[i];
    // Safety net: make sure this thread has seen a memory growth the caller made.
    if (init.memory.buffer.byteLength < Atomics.load(ctl, C.HEAP_PAGES) * 65536) init.memory.grow(0);
    try {
      fns[kernel].apply(null, call);
    } catch (err) {
      const text = String((err && err.message) || err).slice(0, ${MAX_MESSAGE});
      const chars = new Uint16Array(init.control, ${MESSAGE_BYTE_OFFSET}, text.length);
      for (let i = 0; i < text.length; i++) chars[i] = text.charCodeAt(i);
      Atomics.store(ctl, C.ERROR, text.length + 1);
    }
    Atomics.add(ctl, C.DONE, 1);
    Atomics.notify(ctl, C.DONE);
  }
}
if (typeof require === 'function' && typeof process === 'object') {
  start(require('node:worker_threads').workerData);
} else {
  self.onmessage = (event) => start(event.data);
}
`;

export const WORKER_SOURCE: string = body;
