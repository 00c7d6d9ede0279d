/**
 * Executes `GpuProgram`s: compiles each distinct one once (cache keyed by the
 * program key plus the input texture layouts the accessors were generated for),
 * binds inputs and outputs and draws a single viewport-filling triangle.
 */
import { outputNames, type GpuProgram } from './program.js';
import { compileProgram, type CompiledProgram } from './shader-compiler.js';
import type { GpuTexture } from './texture-pool.js';

export class ProgramRunner {
  private readonly cache = new Map<string, CompiledProgram>();
  /** Several outputs need several attachments on one framebuffer; shared by all MRT draws. */
  private readonly mrtFramebuffer: WebGLFramebuffer | null;
  private mrtAttachments = 0;
  private readonly emptyVertexArray: WebGLVertexArrayObject | null;
  /** Milliseconds spent compiling (first-step latency is mostly this). */
  compileMs = 0;

  constructor(private readonly gl: WebGL2RenderingContext) {
    this.mrtFramebuffer = gl.createFramebuffer();
    this.emptyVertexArray = gl.createVertexArray();
  }

  programCount(): number {
    return this.cache.size;
  }

  run(
    p: GpuProgram,
    inputs: readonly GpuTexture[],
    outputs: readonly GpuTexture[],
    uniforms: Readonly<Record<string, number>> = {},
  ): void {
    const gl = this.gl;
    const names = outputNames(p);
    if (inputs.length !== p.inputs.length || outputs.length !== names.length) {
      throw new Error(`program ${p.key}: expected ${p.inputs.length} inputs and ${names.length} outputs`);
    }
    const layout = outputs[0]!.layout;
    const compiled = this.compiled(p, inputs, layout);
    gl.useProgram(compiled.program);
    inputs.forEach((t, i) => {
      gl.activeTexture(gl.TEXTURE0 + i);
      gl.bindTexture(gl.TEXTURE_2D, t.texture);
    });
    for (const [name, location] of compiled.uniforms) {
      const value = uniforms[name];
      if (value === undefined) throw new Error(`program ${p.key}: uniform ${name} not given`);
      gl.uniform1f(location, value);
    }
    this.bindOutputs(outputs);
    gl.viewport(0, 0, layout.width, layout.height);
    gl.bindVertexArray(this.emptyVertexArray);
    gl.drawArrays(gl.TRIANGLES, 0, 3);
  }

  private compiled(p: GpuProgram, inputs: readonly GpuTexture[], out: GpuTexture['layout']) {
    const key = `${p.key}|${inputs.map((t) => t.layout.widthShift).join(',')}|${out.widthShift}`;
    let compiled = this.cache.get(key);
    if (!compiled) {
      const start = performance.now();
      compiled = compileProgram(this.gl, p, inputs.map((t) => t.layout), out);
      this.compileMs += performance.now() - start;
      this.cache.set(key, compiled);
    }
    return compiled;
  }

  private bindOutputs(outputs: readonly GpuTexture[]): void {
    const gl = this.gl;
    if (outputs.length === 1) {
      gl.bindFramebuffer(gl.FRAMEBUFFER, outputs[0]!.framebuffer);
      return;
    }
    gl.bindFramebuffer(gl.FRAMEBUFFER, this.mrtFramebuffer);
    const attachments = outputs.map((t, i) => {
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0 + i, gl.TEXTURE_2D, t.texture, 0);
      return gl.COLOR_ATTACHMENT0 + i;
    });
    // A stale attachment left by a draw with more outputs would make the
    // framebuffer incomplete (attachments of different sizes): detach it.
    for (let i = outputs.length; i < this.mrtAttachments; i++) {
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0 + i, gl.TEXTURE_2D, null, 0);
    }
    this.mrtAttachments = outputs.length;
    gl.drawBuffers(attachments);
  }

  dispose(): void {
    for (const c of this.cache.values()) this.gl.deleteProgram(c.program);
    this.cache.clear();
    this.gl.deleteFramebuffer(this.mrtFramebuffer);
    this.gl.deleteVertexArray(this.emptyVertexArray);
  }
}
