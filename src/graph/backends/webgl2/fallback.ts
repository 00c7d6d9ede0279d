/**
 * WebGL2 when this environment can run it, another backend (the CPU one) when it
 * cannot — with the reason in one line, so a user learns why training is slow.
 */
import type { Backend } from '../../backend.js';
import { createWebgl2Backend } from './backend.js';
import { probeWebgl2, type CanvasLike } from './context.js';

export interface BackendWithReason {
  backend: Backend;
  /** One line: which backend runs, and why WebGL2 does not when it does not. */
  reason: string;
}

export function createWebgl2OrFallback(
  fallback: () => Backend,
  canvas?: CanvasLike | null,
): BackendWithReason {
  const probe = canvas === undefined ? probeWebgl2() : probeWebgl2(canvas);
  if (probe.ok) {
    const backend = canvas === undefined ? createWebgl2Backend() : createWebgl2Backend(canvas);
    return { backend, reason: 'webgl2: float render targets available' };
  }
  const backend = fallback();
  return { backend, reason: `webgl2 unavailable (${probe.reason}); falling back to ${backend.name}` };
}
