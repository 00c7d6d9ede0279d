/**
 * Page side of the environment tests: the WebGL2 probe and CPU fallback (with the
 * real browser context and with canvases that refuse WebGL2 or float targets),
 * a deliberately broken shader going through the real compiler, a lost context,
 * and a kernel run inside a Worker.
 */
import { createReferenceBackend } from '../../../../../src/graph/backends/reference/index.js';
import { openGpuContext, type CanvasLike } from '../../../../../src/graph/backends/webgl2/context.js';
import { createWebgl2Backend, createWebgl2OrFallback, probeWebgl2 } from '../../../../../src/graph/backends/webgl2/index.js';
import { ShaderCompileError } from '../../../../../src/graph/backends/webgl2/shader-compile-error.js';
import { compileProgram } from '../../../../../src/graph/backends/webgl2/shader-compiler.js';
import { layoutFor } from '../../../../../src/graph/backends/webgl2/texture-layout.js';
import { exposeToNode } from '../../../../../src/browser/expose-to-node.js';

/** A real WebGL2 context whose float-colour-buffer extension is hidden. */
function canvasWithoutFloatTargets(): CanvasLike {
  return {
    getContext(kind, options) {
      const gl = new OffscreenCanvas(1, 1).getContext(kind, options) as WebGL2RenderingContext;
      const getExtension = gl.getExtension.bind(gl);
      gl.getExtension = ((name: string) => (name === 'EXT_color_buffer_float' ? null : getExtension(name))) as typeof gl.getExtension;
      return gl;
    },
  };
}

function choose(canvas?: CanvasLike | null): { backend: string; reason: string } {
  const { backend, reason } = createWebgl2OrFallback(() => createReferenceBackend('float32'), canvas);
  return { backend: backend.name, reason };
}

function fallbacks() {
  return {
    real: choose(),
    noWebgl2: choose({ getContext: () => null }),
    throwing: choose({ getContext: () => { throw new Error('blocked by policy'); } }),
    noFloatTargets: choose(canvasWithoutFloatTargets()),
    probe: probeWebgl2(),
  };
}

function compileBroken(): { name: string; message: string; failingLines: number[]; lines: string[] } {
  const ctx = openGpuContext();
  if (typeof ctx === 'string') throw new Error(ctx);
  const layout = layoutFor(4, ctx.maxTextureSize);
  const program = { key: 'broken', inputs: ['x'], outputSize: 4, main: '  float y = x_at(index);\n  result = y * undefinedScale;' };
  try {
    compileProgram(ctx.gl, program, [layout], layout);
  } catch (err) {
    if (!(err instanceof ShaderCompileError)) throw err;
    return { name: err.name, message: err.message, failingLines: err.failingLines, lines: err.source.split('\n') };
  }
  throw new Error('the broken shader compiled');
}

/** Loses the context under a live backend; returns what each kind of call then reports. */
async function loseContext(): Promise<Record<string, string>> {
  const canvas = new OffscreenCanvas(1, 1);
  const backend = createWebgl2Backend(canvas);
  const x = backend.upload([1, 2, 3]);
  const reported: Record<string, string> = {};
  const attempt = async (name: string, call: () => unknown): Promise<void> => {
    try {
      await call();
      reported[name] = 'no error';
    } catch (err) {
      reported[name] = `${(err as Error).name}: ${(err as Error).message}`;
    }
  };
  (canvas.getContext('webgl2') as WebGL2RenderingContext).getExtension('WEBGL_lose_context')!.loseContext();
  await attempt('kernel', () => backend.scale(x, 2));
  await attempt('upload', () => backend.upload([4]));
  await attempt('read', () => backend.read(x));
  return reported;
}

/** Runs a kernel case inside a dedicated Worker (served as /kernel.worker.js). */
function kernelInWorker(caseName: string): Promise<unknown> {
  const worker = new Worker('/kernel.worker.js', { type: 'module' });
  return new Promise((resolve, reject) => {
    worker.onmessage = (event) => {
      worker.terminate();
      resolve(event.data);
    };
    worker.onerror = (event) => reject(new Error(`worker failed: ${event.message}`));
    worker.postMessage(caseName);
  });
}

exposeToNode({ fallbacks, compileBroken, loseContext, kernelInWorker });
