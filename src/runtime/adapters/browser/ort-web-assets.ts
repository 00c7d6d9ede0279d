/**
 * onnxruntime-web's released dist files, served by the local server under /ort/ so a
 * page loads ORT exactly as published, with every .mjs/.wasm from this machine.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { LocalServer } from '../../../browser/local-server.js';
import type { OrtWebExecutionProvider } from './pages/ort-web.page.js';

const PREFIX = '/ort';

/**
 * The build per execution provider: the wasm-only build for the wasm EP, the WebGPU
 * build (ORT's native WebGPU EP, with the CPU EP for ops it lacks) for WebGPU, and
 * `ort.all`, the only build that still ships the (deprecated) WebGL EP, for WebGL.
 */
export const ORT_WEB_BUILDS: Record<OrtWebExecutionProvider, string> = {
  wasm: 'ort.wasm.min.mjs',
  webgpu: 'ort.webgpu.min.mjs',
  webgl: 'ort.all.min.mjs',
};

const served = new WeakSet<LocalServer>();

export function ortWebDistDir(): string {
  // The package's main entry lives in dist/, next to every file a page needs.
  return dirname(createRequire(import.meta.url).resolve('onnxruntime-web'));
}

/** Mounts ORT's dist folder once per server; returns the URLs a page passes to ORT. */
export function serveOrtWeb(server: LocalServer, provider: OrtWebExecutionProvider): { moduleUrl: string; wasmPaths: string } {
  if (!served.has(server)) {
    server.mount(PREFIX, ortWebDistDir());
    served.add(server);
  }
  return { moduleUrl: `${server.origin}${PREFIX}/${ORT_WEB_BUILDS[provider]}`, wasmPaths: `${server.origin}${PREFIX}/` };
}
