/**
 * Picks a backend by name. `auto` means the fastest one that works here: in Node that
 * is the CPU backend (WebGL2 needs a browser; `train-and-export --backend webgl2`
 * drives one through src/runtime).
 */
import type { Backend } from '../backend.js';
import { ToolError } from '../../util/errors.js';
import { createReferenceBackend } from './reference/index.js';

export type BackendName = 'cpu' | 'reference' | 'webgl2' | 'auto';
export const BACKEND_NAMES: readonly BackendName[] = ['cpu', 'reference', 'webgl2', 'auto'];

export interface BackendChoice {
  backend: Backend;
  /** Why this backend was chosen, for one line of output. */
  reason: string;
}

export async function selectBackend(name: BackendName, o: { threads?: number } = {}): Promise<BackendChoice> {
  switch (name) {
    case 'reference':
      return { backend: createReferenceBackend('float32'), reason: 'reference backend (plain loops, slow)' };
    case 'cpu':
    case 'auto':
      return createFastCpu(o.threads, name === 'auto' ? 'auto: CPU (WebGL2 needs a browser)' : 'cpu');
    case 'webgl2':
      throw new ToolError('--backend webgl2: WebGL2 runs in a browser; in Node it is not available yet (use --backend cpu)');
  }
}

async function createFastCpu(threads: number | undefined, why: string): Promise<BackendChoice> {
  const { createCpuBackend } = await import('./cpu/index.js');
  const backend = await createCpuBackend(threads === undefined ? {} : { threads });
  return { backend, reason: `${why}: ${backend.name}` };
}
