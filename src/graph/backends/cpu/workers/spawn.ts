/**
 * The only platform-specific piece of the thread pool: starting a worker from source
 * text. Node uses worker_threads (loaded synchronously through
 * process.getBuiltinModule, Node >= 20.16); browsers use a Web Worker from a Blob URL.
 * Returns null where neither is available: the pool then runs everything on the
 * calling thread.
 */
import type { WorkerInit } from './worker-source.js';

export interface WorkerHandle {
  terminate(): void;
}

interface NodeWorkerThreads {
  Worker: new (src: string, opts: { eval: true; workerData: unknown; name?: string }) => {
    unref(): void;
    terminate(): Promise<number>;
    on(event: 'error', cb: (err: Error) => void): void;
  };
}

function nodeWorkerThreads(): NodeWorkerThreads | null {
  const proc = (globalThis as { process?: { versions?: { node?: string }; getBuiltinModule?: (id: string) => unknown } }).process;
  if (!proc?.versions?.node || typeof proc.getBuiltinModule !== 'function') return null;
  return (proc.getBuiltinModule('node:worker_threads') as NodeWorkerThreads | undefined) ?? null;
}

export function spawnWorker(source: string, init: WorkerInit, onError: (err: Error) => void): WorkerHandle | null {
  const wt = nodeWorkerThreads();
  if (wt) {
    const w = new wt.Worker(source, { eval: true, workerData: init, name: `cpu-backend-${init.index}` });
    // Idle workers must not keep the process alive.
    w.unref();
    w.on('error', onError);
    return { terminate: () => void w.terminate() };
  }
  if (typeof Worker !== 'undefined' && typeof Blob !== 'undefined' && typeof URL !== 'undefined') {
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    const w = new Worker(url);
    w.onerror = (e) => onError(new Error(e.message));
    w.postMessage(init);
    return {
      terminate: () => {
        w.terminate();
        URL.revokeObjectURL(url);
      },
    };
  }
  return null;
}
