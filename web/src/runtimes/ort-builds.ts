/**
 * Which onnxruntime-web release file serves which execution provider, and where the
 * page finds them (web/scripts/build.ts copies exactly these). The same builds as the
 * Node-driven ort-web runtimes (src/runtime/adapters/browser/ort-web-assets.ts), so the page's
 * parity table and verify-parity measure the same code.
 */
export type OrtProvider = 'wasm' | 'webgpu';

export const ORT_FOLDER = 'ort/';

export const ORT_MODULES: Record<OrtProvider, string> = {
  wasm: 'ort.wasm.min.mjs',
  webgpu: 'ort.webgpu.min.mjs',
};
