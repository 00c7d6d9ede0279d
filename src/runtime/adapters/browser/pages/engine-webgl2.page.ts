/**
 * Page side of engine-webgl2: our engine on the WebGL2 backend in the page. `open`
 * builds a model the LeNet chain importer read (in Node) on the training backend's
 * fast chain path; `openGraph` runs any other model through the graph executor on
 * the webgl2 device (src/graph/backends/webgl2/executor: float tensors in textures,
 * the cpu kernels for ops without a shader). Both name the GL renderer that really
 * runs the shaders (SwiftShader here) or fail with the backend's one-line reason —
 * never a fallback to another backend.
 */
import { createWebgl2Backend, type Webgl2Backend } from '../../../../graph/backends/webgl2/index.js';
import { createWebgl2Device } from '../../../../graph/backends/webgl2/executor/index.js';
import { GraphExecutor } from '../../../../graph/executor/executor.js';
import type { ModelSpec } from '../../../../graph/model-spec.js';
import { exposeToNode } from '../../../../browser/expose-to-node.js';
import { ChainModel, type ChainInterface } from '../../chain-run.js';
import { graphFromWire, type WireGraph } from '../wire-graph.js';
import { namedFromWire, namedToWire, type WireTensor } from '../wire-tensor.js';

export interface EngineWebgl2Facts {
  /** GL_RENDERER as the driver reports it (unmasked when the browser allows). */
  renderer: string;
  /** GL_VERSION, e.g. "WebGL 2.0 (OpenGL ES 3.0 Chromium)". */
  version: string;
  /** The LeNet chain path on the training backend, or the graph executor's webgl2 device. */
  path: 'chain' | 'graph';
}

export interface EngineWebgl2PageApi {
  /** The chain path: a model the LeNet chain importer accepted, with its interface. */
  open(spec: ModelSpec, io: ChainInterface): Promise<EngineWebgl2Facts>;
  /** Any other model, as the graph reader read it in Node. */
  openGraph(graph: WireGraph): Promise<EngineWebgl2Facts>;
  run(feeds: Record<string, WireTensor>, fetches: string[]): Promise<Record<string, WireTensor>>;
  close(): Promise<void>;
}

interface PageModel {
  run: ChainModel['run'];
  dispose(): void;
}

let backend: Webgl2Backend | null = null;
let model: PageModel | null = null;

function describeRenderer(gl: WebGL2RenderingContext): EngineWebgl2Facts {
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  return { renderer, version: String(gl.getParameter(gl.VERSION)), path: 'chain' };
}

async function open(spec: ModelSpec, io: ChainInterface): Promise<EngineWebgl2Facts> {
  // A document canvas, not an OffscreenCanvas: Chromium 156 hands OffscreenCanvas a
  // WebGL2 context even when WebGL is disabled for the page; the DOM canvas obeys.
  const canvas = document.createElement('canvas');
  backend = createWebgl2Backend(canvas);
  // Asking the canvas again returns the context the backend created.
  const gl = canvas.getContext('webgl2') as WebGL2RenderingContext;
  model = new ChainModel(spec, backend, io);
  return describeRenderer(gl);
}

async function openGraph(wire: WireGraph): Promise<EngineWebgl2Facts> {
  const canvas = document.createElement('canvas');
  const device = createWebgl2Device({ canvas });
  try {
    const executor = new GraphExecutor(graphFromWire(wire), device);
    model = {
      run: (feeds, fetches) => executor.run(feeds, fetches),
      dispose: () => {
        executor.dispose();
        device.destroy();
      },
    };
  } catch (error) {
    device.destroy();
    throw error;
  }
  return { ...describeRenderer(canvas.getContext('webgl2') as WebGL2RenderingContext), path: 'graph' };
}

async function run(feeds: Record<string, WireTensor>, fetches: string[]): Promise<Record<string, WireTensor>> {
  if (!model) throw new Error('run() before open()');
  return namedToWire(await model.run(namedFromWire(feeds), fetches));
}

async function close(): Promise<void> {
  model?.dispose();
  backend?.destroy();
  model = null;
  backend = null;
}

exposeToNode<EngineWebgl2PageApi>({ open, openGraph, run, close });
