/**
 * Which onnxruntime-web release file serves which execution provider, and where the
 * page finds them (web/scripts/build.ts copies exactly these). The same builds as the
 * Node-driven ort-web runtimes (src/runtime/adapters/browser/ort-web-assets.ts), so the page's
 * parity table and verify-parity measure the same code: `ort.all` is the only build that
 * still ships the (deprecated) WebGL execution provider.
 */
export type OrtProvider = 'wasm' | 'webgpu' | 'webgl';

export const ORT_FOLDER = 'ort/';

export const ORT_MODULES: Record<OrtProvider, string> = {
  wasm: 'ort.wasm.min.mjs',
  webgpu: 'ort.webgpu.min.mjs',
  webgl: 'ort.all.min.mjs',
};
