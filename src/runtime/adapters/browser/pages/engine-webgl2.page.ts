/**
 * Page side of engine-webgl2: our engine's model built on the WebGL2 backend in the
 * page. `open` names the GL renderer that really runs the shaders (SwiftShader here) or
 * fails with the backend's one-line reason — it never falls back to another backend.
 */
import { noGrad } from '../../../../graph/autograd.js';
import { createWebgl2Backend, type Webgl2Backend } from '../../../../graph/backends/webgl2/index.js';
import type { ModelSpec } from '../../../../graph/model-spec.js';
import { buildModel, type Model } from '../../../../graph/models/build.js';
import { tidy } from '../../../../graph/scope.js';
import { tensorFrom } from '../../../../graph/tensor.js';
import { exposeToNode } from '../../../../browser/expose-to-node.js';

export interface EngineWebgl2Facts {
  /** GL_RENDERER as the driver reports it (unmasked when the browser allows). */
  renderer: string;
  /** GL_VERSION, e.g. "WebGL 2.0 (OpenGL ES 3.0 Chromium)". */
  version: string;
}

export interface EngineWebgl2PageApi {
  open(spec: ModelSpec): Promise<EngineWebgl2Facts>;
  run(input: Float32Array, batch: number): Promise<Float32Array>;
  close(): Promise<void>;
}

let backend: Webgl2Backend | null = null;
let model: Model | null = null;

function describeRenderer(gl: WebGL2RenderingContext): EngineWebgl2Facts {
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  return { renderer, version: String(gl.getParameter(gl.VERSION)) };
}

async function open(spec: ModelSpec): Promise<EngineWebgl2Facts> {
  // A document canvas, not an OffscreenCanvas: Chromium 156 hands OffscreenCanvas a
  // WebGL2 context even when WebGL is disabled for the page; the DOM canvas obeys.
  const canvas = document.createElement('canvas');
  backend = createWebgl2Backend(canvas);
  // Asking the canvas again returns the context the backend created.
  const gl = canvas.getContext('webgl2') as WebGL2RenderingContext;
  model = buildModel(spec, backend);
  return describeRenderer(gl);
}

async function run(input: Float32Array, batch: number): Promise<Float32Array> {
  if (!backend || !model) throw new Error('run() before open()');
  const ready = model;
  const output = noGrad(() => tidy(() => ready.forward(tensorFrom(backend!, [batch, 3, 32, 32], input))));
  try {
    const values = await output.data();
    return values instanceof Float32Array ? values : Float32Array.from(values);
  } finally {
    output.dispose();
  }
}

async function close(): Promise<void> {
  model?.dispose();
  backend?.destroy();
  model = null;
  backend = null;
}

exposeToNode<EngineWebgl2PageApi>({ open, run, close });
