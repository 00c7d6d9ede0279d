/**
 * The worker's program, as source text: it is started from a string (Node `eval`
 * workers, or a Blob URL in browsers), so it needs no module resolution and works the
 * same from TypeScript sources, the built dist/ and a browser bundle. It instantiates
 * the kernels on the shared memory, then loops: wait for a task, run its share, signal.
 */
import { ARGS_BYTE_OFFSET, CTL, MAX_ARGS } from './control.js';

export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  /** Thread index (1..threads-1; the main thread is 0). */
  index: number;
  threads: number;
  kernels: readonly string[];
}

const body = `
function start(init) {
  const C = ${JSON.stringify(CTL)};
  const instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
  const fns = init.kernels.map((name) => instance.exports[name]);
  const ctl = new Int32Array(init.control);
  const args = new Float64Array(init.control, ${ARGS_BYTE_OFFSET}, ${MAX_ARGS});
  const me = init.index, bit = 1 << me, nt = init.threads;
  const call = [];
  let seen = Atomics.load(ctl, C.SEQ);
  Atomics.store(ctl, C.READY + me, 1);
  Atomics.notify(ctl, C.READY + me);
  for (;;) {
    Atomics.wait(ctl, C.SEQ, seen);
    const seq = Atomics.load(ctl, C.SEQ);
    if (seq === seen) continue;
    seen = seq;
    const kernel = Atomics.load(ctl, C.KERNEL);
    if (kernel < 0) return;
    if ((Atomics.load(ctl, C.MASK) & bit) === 0) continue;
    const n = ctl[C.NARGS];
    call.length = n + 2;
    call[0] = me;
    call[1] = nt;
    for (let i = 0; i < n; i++) call[i + 2] = args[i];
    // Safety net: make sure this thread has seen a memory growth the main thread made.
    if (init.memory.buffer.byteLength < Atomics.load(ctl, C.HEAP_PAGES) * 65536) init.memory.grow(0);
    try {
      fns[kernel].apply(null, call);
    } catch (err) {
      Atomics.store(ctl, C.ERROR, 1);
    }
    if (Atomics.sub(ctl, C.PENDING, 1) === 1) Atomics.notify(ctl, C.PENDING);
  }
}
if (typeof require === 'function' && typeof process === 'object') {
  start(require('node:worker_threads').workerData);
} else {
  self.onmessage = (event) => start(event.data);
}
`;

export const WORKER_SOURCE: string = body;
