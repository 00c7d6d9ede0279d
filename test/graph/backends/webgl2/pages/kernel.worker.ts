/**
 * Worker side of the "runs in a Worker" test: WebGL2 on an OffscreenCanvas off the
 * main thread. Runs one shared kernel case on WebGL2 and on the reference backend
 * and posts the maximum relative error back.
 */
import { createReferenceBackend } from '../../../../../src/graph/backends/reference/index.js';
import { createWebgl2Backend } from '../../../../../src/graph/backends/webgl2/index.js';
import { runKernelCase } from '../../kernel-case-runner.js';
import { KERNEL_CASES } from '../../kernel-cases.js';
import { relativeErrors } from '../../kernel-error.js';

self.onmessage = async (event: MessageEvent<string>) => {
  try {
    const c = KERNEL_CASES.find((k) => k.name === event.data)!;
    const backend = createWebgl2Backend();
    const got = await runKernelCase(backend, c);
    const want = await runKernelCase(createReferenceBackend('float32'), c);
    const maxRel = Math.max(...Object.keys(want).map((k) => relativeErrors(got[k]!, want[k]!).maxRel));
    self.postMessage({ maxRel, backend: backend.name, inWorker: typeof document === 'undefined' });
  } catch (err) {
    self.postMessage({ error: String(err) });
  }
};
