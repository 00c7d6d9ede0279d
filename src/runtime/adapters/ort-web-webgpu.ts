/**
 * onnxruntime-web's WebGPU execution provider in headless Chromium (SwiftShader's
 * adapter on a machine without a GPU). Asked for WebGPU alone, so it either runs on
 * WebGPU or reports itself unavailable — never a quiet fallback to wasm.
 */
import { openOrtWebPage } from './browser/ort-web-page-session.js';
import type { Runtime } from '../runtime.js';

export const ortWebWebgpuRuntime: Runtime = {
  name: 'ort-web-webgpu',
  description: 'onnxruntime-web, WebGPU execution provider, in headless Chromium',
  environment: 'browser',
  open: (model, context) => openOrtWebPage('ort-web-webgpu', 'webgpu', model, context),
};
