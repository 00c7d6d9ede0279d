/**
 * Our engine's backend for the whole page: WebGL2 when the browser has float render
 * targets, else the CPU backend, with the reason shown (select.ts decides both).
 */
import type { Backend } from '../../src/graph/backend.js';
import { selectBackend } from '../../src/graph/backends/select.js';
import { webglRenderer } from '../../src/train/browser/webgl-renderer.js';

export interface PageEngine {
  backend: Backend;
  /** One line: which backend, on what (the GL renderer, or why WebGL2 is not used). */
  description: string;
  /** The same, short enough for a heading. */
  short: string;
  /** What computes: the GPU's short name, or "the CPU". */
  device: string;
  gpu: boolean;
}

/**
 * "ANGLE (vendor, renderer, driver)" → the renderer, without ANGLE's device ids;
 * SwiftShader is named as what it is, a GPU emulated on the CPU.
 */
export function shortRenderer(renderer: string): string {
  if (/SwiftShader/i.test(renderer)) return 'SwiftShader (software GPU)';
  const angle = /^ANGLE \((?:[^,]*), (.*), [^,]*\)$/.exec(renderer);
  return (angle ? angle[1]! : renderer).replace(/\s*\(0x[0-9a-f]+\)/gi, '').trim();
}

export async function startEngine(): Promise<PageEngine> {
  const { backend, reason } = await selectBackend('auto');
  const gpu = backend.name === 'webgl2';
  if (!gpu) return { backend, gpu, description: reason.replace(/^auto: /, ''), short: `${backend.name} (no WebGL2)`, device: 'the CPU' };
  const renderer = webglRenderer();
  const device = shortRenderer(renderer);
  return { backend, gpu, description: `webgl2 on ${renderer}`, short: `webgl2 · ${device}`, device };
}
