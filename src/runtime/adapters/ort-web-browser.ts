/**
 * onnxruntime-web's wasm execution provider in a real browser (headless Chromium): the
 * same wasm binary as ort-web-node, but loaded and threaded the way a web page does it.
 */
import { openOrtWebPage } from './browser/ort-web-page-session.js';
import type { Runtime } from '../runtime.js';

export const ortWebBrowserRuntime: Runtime = {
  name: 'ort-web-browser',
  description: 'onnxruntime-web, wasm execution provider, in headless Chromium',
  environment: 'browser',
  open: (model, context) => openOrtWebPage('ort-web-browser', 'wasm', model, context),
};
