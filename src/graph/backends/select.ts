/**
 * Picks a backend by name. `auto` means the fastest one that works here: in a page
 * with float-capable WebGL2 that is the WebGL2 backend; in Node it is the CPU backend
 * (WebGL2 needs a browser; `train-and-export --backend webgl2` drives one itself,
 * see src/train/browser).
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
      return createFastCpu(o.threads, 'cpu');
    case 'auto':
      return hasCanvas() ? webgl2OrCpu(o.threads, 'auto') : createFastCpu(o.threads, 'auto: CPU (WebGL2 needs a browser)');
    case 'webgl2':
      if (!hasCanvas())
        throw new ToolError('--backend webgl2: WebGL2 runs in a browser; only train-and-export drives one from Node (use --backend cpu)');
      return webgl2OrCpu(o.threads, 'webgl2');
  }
}

/** A page or worker (anything that can make a canvas) may have WebGL2; Node never does. */
function hasCanvas(): boolean {
  return typeof OffscreenCanvas !== 'undefined' || typeof document !== 'undefined';
}

/** WebGL2 when the probe finds float render targets, else the CPU backend with the probe's reason. */
async function webgl2OrCpu(threads: number | undefined, asked: 'webgl2' | 'auto'): Promise<BackendChoice> {
  const [{ createWebgl2OrFallback }, { createCpuBackend }] = await Promise.all([import('./webgl2/fallback.js'), import('./cpu/index.js')]);
  const choice = createWebgl2OrFallback(() => createCpuBackend(threads === undefined ? {} : { threads }));
  return asked === 'auto' ? { ...choice, reason: `auto: ${choice.reason}` } : choice;
}

async function createFastCpu(threads: number | undefined, why: string): Promise<BackendChoice> {
  const { createCpuBackend } = await import('./cpu/index.js');
  const backend = await createCpuBackend(threads === undefined ? {} : { threads });
  return { backend, reason: `${why}: ${backend.name}` };
}
