/**
 * The WebGL2 backend: every kernel is a fragment shader writing RGBA32F textures (four elements per texel).
 * Kernels only enqueue GL commands and return at once; `read` is the single
 * synchronisation point, and it waits on a fence without blocking the thread.
 */
import { BackendError, type Backend, type HostArray, type Storage } from '../../backend.js';
import { openGpuContext, type CanvasLike } from './context.js';
import { CONTEXT_LOST } from './context-lost.js';
import type { KernelContext, Uniforms } from './kernel-context.js';
import type { GpuProgram } from './program.js';
import { outputNames } from './program.js';
import { ProgramRunner } from './program-runner.js';
import { readTexture } from './readback.js';
import { GpuStorage, textureOf } from './storage.js';
import { layoutFor } from './texture-layout.js';
import { TexturePool, type GpuTexture } from './texture-pool.js';
import { writeTexture } from './texture-upload.js';
import { bindKernels } from './kernels/index.js';

export interface Webgl2Backend extends Backend {
  /** The GPU (or software rasteriser, e.g. SwiftShader) doing the work. */
  readonly renderer: string;
  /** Programs compiled so far, and the milliseconds spent compiling them. */
  compileStats(): { programs: number; compileMs: number };
  /** GL textures ever created: flat in a steady training loop. */
  texturesCreated(): number;
  /** Frees every GL object; the backend is unusable afterwards. */
  destroy(): void;
}

export function createWebgl2Backend(canvas?: CanvasLike | null): Webgl2Backend {
  const ctx = canvas === undefined ? openGpuContext() : openGpuContext(canvas);
  if (typeof ctx === 'string') throw new BackendError(`webgl2: ${ctx}`);
  const { gl, maxTextureSize } = ctx;
  const pool = new TexturePool(gl);
  const runner = new ProgramRunner(gl);
  const owner = {};

  // After a context loss every texture is gone: fail loudly rather than return zeros.
  const alive = (): void => {
    if (gl.isContextLost()) throw new BackendError(CONTEXT_LOST);
  };
  const fresh = (size: number): GpuStorage => new GpuStorage(size, pool.acquire(layoutFor(size, maxTextureSize)), owner);
  const tex = (s: Storage): GpuTexture => textureOf(s, owner);
  const clear = (t: GpuTexture, value: number): void => {
    gl.bindFramebuffer(gl.FRAMEBUFFER, t.framebuffer);
    gl.clearBufferfv(gl.COLOR, 0, [value, value, value, value]);
  };
  /** Runs `p` into fresh textures; on failure (e.g. a compile error) they go back to the pool. */
  const execute = (p: GpuProgram, inputs: readonly Storage[], uniforms?: Uniforms): GpuTexture[] => {
    alive();
    const outputs = outputNames(p).map(() => pool.acquire(layoutFor(p.outputSize, maxTextureSize)));
    try {
      runner.run(p, inputs.map(tex), outputs, uniforms);
    } catch (err) {
      for (const t of outputs) pool.release(t);
      throw err;
    }
    return outputs;
  };

  const kernels: KernelContext = {
    run(p, inputs, uniforms?: Uniforms) {
      return execute(p, inputs, uniforms).map((t) => new GpuStorage(p.outputSize, t, owner));
    },
    runInPlace(p, inputs, targets, uniforms?: Uniforms) {
      if (targets.some((t) => t.size !== p.outputSize)) throw new BackendError(`webgl2: ${p.key} target size mismatch`);
      const outputs = execute(p, inputs, uniforms);
      targets.forEach((target, i) => {
        const s = target as GpuStorage;
        pool.release(tex(s));
        s.texture = outputs[i]!;
      });
    },
    dispose(s) {
      const t = tex(s);
      (s as GpuStorage).texture = null;
      pool.release(t);
    },
  };

  return {
    name: 'webgl2',
    dtype: 'float32',
    renderer: rendererName(gl),
    upload(data) {
      alive();
      const s = fresh(data.length);
      writeTexture(gl, s.texture!, data);
      return s;
    },
    zeros(size) {
      alive();
      const s = fresh(size);
      clear(s.texture!, 0);
      return s;
    },
    read: async (s): Promise<HostArray> => {
      alive();
      return readTexture(gl, tex(s), s.size);
    },
    dispose(s) {
      // Disposing twice is harmless, like Tensor.dispose.
      if (s instanceof GpuStorage && s.owner === owner && s.texture === null) return;
      kernels.dispose(s);
    },
    liveCount: () => pool.liveCount(),
    fill(a, value) {
      alive();
      clear(tex(a), value);
    },
    ...bindKernels(kernels),
    compileStats: () => ({ programs: runner.programCount(), compileMs: runner.compileMs }),
    texturesCreated: () => pool.createdCount(),
    destroy() {
      runner.dispose();
      pool.trim();
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    },
  };
}

function rendererName(gl: WebGL2RenderingContext): string {
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}
