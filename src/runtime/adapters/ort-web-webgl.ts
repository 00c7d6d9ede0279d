/**
 * onnxruntime-web's WebGL execution provider in headless Chromium (SwiftShader here),
 * from the `ort.all` build, the only one that still ships it (upstream deprecates it in
 * favour of WebGPU). Asked for WebGL alone: it runs there or reports why not. It takes
 * fixed shapes only, so a model with a dynamic batch may be refused at its first run.
 */
import { openOrtWebPage } from './browser/ort-web-page-session.js';
import type { Runtime } from '../runtime.js';

export const ortWebWebglRuntime: Runtime = {
  name: 'ort-web-webgl',
  description: 'onnxruntime-web, WebGL execution provider (ort.all build), in headless Chromium',
  environment: 'browser',
  open: (model, context) => openOrtWebPage('ort-web-webgl', 'webgl', model, context),
};
