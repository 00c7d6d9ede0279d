/**
 * The webgl2 device of the GraphExecutor: float32 tensors live in RGBA32F textures
 * and every op with a GPU kernel (kernel-table.ts) runs as fragment shaders;
 * int64, bool and other non-float32 tensors (shapes, indices, masks) stay on the
 * host. An op without a GPU kernel, or a case its kernel declines, runs the CPU
 * device's kernel: GPU inputs are read back, float32 results go up again when a
 * GPU kernel next reads them. Each read-back is counted per op type, so tests can
 * assert that a model runs entirely on the GPU.
 */
import { elementCount, type ElementType, type HostTensor } from '../../../host-tensor.js';
import type { DeviceKernel, ExecutionDevice } from '../../../executor/device.js';
import type { KernelContext } from '../../../executor/kernel.js';
import { cpuDevice } from '../../../executor/devices/cpu.js';
import { BackendError } from '../../../backend.js';
import { openGpuContext, type CanvasLike } from '../context.js';
import { CONTEXT_LOST } from '../context-lost.js';
import { outputNames, type GpuProgram } from '../program.js';
import { ProgramRunner } from '../program-runner.js';
import { readTexture } from '../readback.js';
import { layoutFor } from '../texture-layout.js';
import { TexturePool, type GpuTexture } from '../texture-pool.js';
import { writeTexture } from '../texture-upload.js';
import type { GpuKernel, GpuKernelContext } from './gpu-kernel.js';
import { GpuTensor, SharedTexture, type Webgl2Value } from './gpu-tensor.js';
import { CLAMPED_GPU_KERNELS, GPU_KERNELS } from './kernel-table.js';

export interface Webgl2DeviceOptions {
  /** Where the GL context comes from (default: an OffscreenCanvas, else a canvas). */
  canvas?: CanvasLike | null;
  /**
   * Runs the ops the GPU kernels do not cover (default: the cpu device's plain
   * kernels on ordinary arrays, whose values the webgl2 device can hold as its own).
   */
  fallback?: ExecutionDevice<HostTensor>;
}

export interface Webgl2Device extends ExecutionDevice<Webgl2Value> {
  /** GL_RENDERER: the GPU, or the software rasteriser (SwiftShader) doing the work. */
  readonly renderer: string;
  /** Per op type, CPU kernel runs that had to read GPU data back. */
  fallbacks(): ReadonlyMap<string, number>;
  /** Per op type, CPU kernel runs on host values only (shape arithmetic at run time). */
  hostRuns(): ReadonlyMap<string, number>;
  /** Per op type, GPU kernel runs (`Conv+clamp`: a Conv with its Relu/Clip folded in). */
  gpuRuns(): ReadonlyMap<string, number>;
  /** Textures held by tensors now (constants included): flat across inferences. */
  liveTextures(): number;
  /** GL textures ever created: flat once the pool is warm. */
  texturesCreated(): number;
  compileStats(): { programs: number; compileMs: number };
  /** Blocks until the GPU has run every queued command (for profiling; never needed for results). */
  finish(): void;
  /** Frees every GL object; the device is unusable afterwards. */
  destroy(): void;
}

export function createWebgl2Device(options: Webgl2DeviceOptions = {}): Webgl2Device {
  const ctx = options.canvas === undefined ? openGpuContext() : openGpuContext(options.canvas);
  if (typeof ctx === 'string') throw new BackendError(`webgl2: ${ctx}`);
  return new Device(ctx.gl, ctx.maxTextureSize, options.fallback ?? cpuDevice({ kernels: 'js' }));
}

class Device implements Webgl2Device {
  readonly name = 'engine-webgl2';
  readonly renderer: string;
  private readonly pool: TexturePool;
  private readonly runner: ProgramRunner;
  private readonly fallbackRuns = new Map<string, number>();
  private readonly hostOnlyRuns = new Map<string, number>();
  private readonly shaderRuns = new Map<string, number>();
  private readonly releaseTexture = (t: GpuTexture): void => this.pool.release(t);

  constructor(
    private readonly gl: WebGL2RenderingContext,
    private readonly maxTextureSize: number,
    private readonly cpu: ExecutionDevice<HostTensor>,
  ) {
    this.pool = new TexturePool(gl);
    this.runner = new ProgramRunner(gl);
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    this.renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  }

  kernel(opType: string, opset: number): DeviceKernel<Webgl2Value> | undefined {
    const entry = GPU_KERNELS.get(opType);
    const gpu = entry && opset >= (entry.since ?? 1) ? entry.kernel : undefined;
    const cpu = this.cpu.kernel(opType, opset);
    if (!gpu && !cpu) return undefined;
    return async (inputs, kctx) => {
      if (gpu) {
        const outputs = this.runGpu(gpu, inputs, kctx, opType);
        if (outputs) return outputs;
      }
      if (!cpu) return kctx.fail(`the webgl2 kernel does not cover this case and ${this.cpu.name} has no kernel for it`);
      return this.runOnHost(cpu, inputs, kctx, opType);
    };
  }

  /** A Conv with its Relu/Clip folded in: clamped in the conv's own pass (on the host after the CPU kernel when the GPU declines). */
  clampedKernel(opType: string, opset: number, lo: number, hi: number): DeviceKernel<Webgl2Value> | undefined {
    const make = CLAMPED_GPU_KERNELS.get(opType);
    const cpu = this.cpu.kernel(opType, opset);
    if (!make || !cpu) return undefined;
    const gpu = make([lo, hi]);
    const cpuClamped: DeviceKernel<HostTensor> = async (inputs, kctx) => (await cpu(inputs, kctx)).map((t) => clampHost(t, lo, hi));
    return async (inputs, kctx) => this.runGpu(gpu, inputs, kctx, `${opType}+clamp`) ?? this.runOnHost(cpuClamped, inputs, kctx, opType);
  }

  floatStorage(type: ElementType): ElementType {
    return this.cpu.floatStorage(type);
  }

  upload(tensor: HostTensor): Webgl2Value {
    // The cpu device's storage rules first: float16 is widened to float32, and then lives on the GPU.
    const stored = this.cpu.upload(tensor);
    if (stored.type !== 'float32') return stored;
    const data = stored.data as Float32Array;
    const make = (): GpuTexture => {
      const t = this.acquire(data.length);
      writeTexture(this.gl, t, data);
      return t;
    };
    return new GpuTensor(stored.dims, new SharedTexture(null, make, this.releaseTexture), data);
  }

  async download(value: Webgl2Value, declared: ElementType | null): Promise<HostTensor> {
    if (!(value instanceof GpuTensor)) return this.cpu.download(value, declared);
    const known = value.known;
    let host: HostTensor;
    if (known) host = { ...known, data: known.data.slice() };
    else {
      this.alive();
      host = { type: 'float32', dims: [...value.dims], data: await readTexture(this.gl, value.texture, value.size) };
    }
    // A float16 (or float64) graph output computed in float32 goes back to its declared type.
    return this.cpu.download(host, declared);
  }

  release(value: Webgl2Value): void {
    if (value instanceof GpuTensor) value.dispose();
    else this.cpu.release(value);
  }

  dims(value: Webgl2Value): readonly number[] {
    return value.dims;
  }

  fallbacks(): ReadonlyMap<string, number> {
    return this.fallbackRuns;
  }

  hostRuns(): ReadonlyMap<string, number> {
    return this.hostOnlyRuns;
  }

  gpuRuns(): ReadonlyMap<string, number> {
    return this.shaderRuns;
  }

  liveTextures(): number {
    return this.pool.liveCount();
  }

  texturesCreated(): number {
    return this.pool.createdCount();
  }

  compileStats(): { programs: number; compileMs: number } {
    return { programs: this.runner.programCount(), compileMs: this.runner.compileMs };
  }

  finish(): void {
    // gl.finish() returns at once in Chromium; reading a pixel of the last target waits for real.
    this.gl.readPixels(0, 0, 1, 1, this.gl.RGBA, this.gl.FLOAT, new Float32Array(4));
  }

  destroy(): void {
    this.runner.dispose();
    this.pool.trim();
    this.gl.getExtension('WEBGL_lose_context')?.loseContext();
  }

  /** Runs a GPU kernel; null when it declines. Temporary uploads are freed either way. */
  private runGpu(kernel: GpuKernel, inputs: readonly (Webgl2Value | undefined)[], kctx: KernelContext, what: string): Webgl2Value[] | null {
    const temps: GpuTensor[] = [];
    const gctx: GpuKernelContext = {
      label: kctx.label,
      opset: kctx.opset,
      outputCount: kctx.outputCount,
      attrs: kctx.attrs,
      floatStorage: (type) => kctx.floatStorage(type),
      fail: (message) => kctx.fail(message),
      run: (program, ins, dims) => this.run(program, ins, dims)[0]!,
      runMany: (program, ins, dims) => this.run(program, ins, dims),
      gpu: (value) => {
        if (value instanceof GpuTensor) return value;
        if (!value || value.type !== 'float32') return null;
        const t = this.upload(value) as GpuTensor;
        temps.push(t);
        return t;
      },
      host: (value) => (value === undefined ? null : value instanceof GpuTensor ? value.known : value),
      free: (t) => t.dispose(),
      // Keyed by the dims too: views of one texture may be read as different shapes.
      derived: (t, key, make) => t.storage.derive(`${key}|${t.dims}`, () => make(t)),
    };
    try {
      const outputs = kernel(inputs, gctx);
      if (outputs) this.shaderRuns.set(what, (this.shaderRuns.get(what) ?? 0) + 1);
      return outputs;
    } finally {
      for (const t of temps) t.dispose();
    }
  }

  private async runOnHost(
    kernel: DeviceKernel<HostTensor>,
    inputs: readonly (Webgl2Value | undefined)[],
    kctx: KernelContext,
    opType: string,
  ): Promise<Webgl2Value[]> {
    let readBack = false;
    const hostInputs = await Promise.all(
      inputs.map(async (v) => {
        if (!(v instanceof GpuTensor)) return v;
        if (!v.known) readBack = true;
        return this.download(v, null);
      }),
    );
    const counts = readBack ? this.fallbackRuns : this.hostOnlyRuns;
    counts.set(opType, (counts.get(opType) ?? 0) + 1);
    const outputs = await kernel(hostInputs, kctx);
    return outputs.map((t) => this.upload(t));
  }

  private run(program: GpuProgram, inputs: readonly GpuTensor[], dims: readonly number[]): GpuTensor[] {
    this.alive();
    const size = elementCount(dims);
    if (size !== program.outputSize) throw new Error(`webgl2: program ${program.key} writes ${program.outputSize} elements, dims [${dims}] hold ${size}`);
    const textures = inputs.map((t) => t.texture);
    const outputs = outputNames(program).map(() => this.acquire(size));
    try {
      this.runner.run(program, textures, outputs);
    } catch (err) {
      for (const t of outputs) this.pool.release(t);
      throw err;
    }
    return outputs.map((t) => new GpuTensor([...dims], new SharedTexture(t, null, this.releaseTexture)));
  }

  private acquire(size: number): GpuTexture {
    return this.pool.acquire(layoutFor(size, this.maxTextureSize));
  }

  private alive(): void {
    if (this.gl.isContextLost()) throw new BackendError(CONTEXT_LOST);
  }
}

/** A float tensor's values clamped to [lo, hi] (other types as they are). */
function clampHost(t: HostTensor, lo: number, hi: number): HostTensor {
  if (t.type !== 'float32' && t.type !== 'float64') return t;
  const data = (t.data as Float32Array | Float64Array).map((v) => (v < lo ? lo : v > hi ? hi : v));
  return { ...t, data };
}
