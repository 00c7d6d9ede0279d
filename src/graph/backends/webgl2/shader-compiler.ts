/**
 * Turns a `GpuProgram` into a linked WebGL program (fragment source from
 * fragment-source.ts, one viewport-covering triangle as vertex shader) and binds
 * input i to texture unit i once, at link time.
 */
import { fragmentSource } from './fragment-source.js';
import type { GpuProgram } from './program.js';
import type { TextureLayout } from './texture-layout.js';
import { ShaderCompileError } from './shader-compile-error.js';

export interface CompiledProgram {
  readonly program: WebGLProgram;
  readonly uniforms: ReadonlyMap<string, WebGLUniformLocation | null>;
}

/** Draws one triangle that covers the whole viewport; no vertex buffers needed. */
const VERTEX_SHADER = `#version 300 es
void main() {
  vec2 corner = vec2(float((gl_VertexID & 1) << 2), float((gl_VertexID & 2) << 1));
  gl_Position = vec4(corner - 1.0, 0.0, 1.0);
}`;

export function compileProgram(
  gl: WebGL2RenderingContext,
  p: GpuProgram,
  inputLayouts: readonly TextureLayout[],
  outputLayout: TextureLayout,
): CompiledProgram {
  const source = fragmentSource(p, inputLayouts, outputLayout);
  const vertex = compileShader(gl, gl.VERTEX_SHADER, VERTEX_SHADER, 'vertex shader');
  const fragment = compileShader(gl, gl.FRAGMENT_SHADER, source, `program ${p.key}`);
  const program = gl.createProgram();
  if (!program) throw new Error('WebGL2: createProgram failed (context lost?)');
  gl.attachShader(program, vertex);
  gl.attachShader(program, fragment);
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) {
    throw new ShaderCompileError(`program ${p.key}`, source, gl.getProgramInfoLog(program) ?? '');
  }
  gl.deleteShader(vertex);
  gl.deleteShader(fragment);
  // Input i always reads from texture unit i, so samplers are bound once, here.
  gl.useProgram(program);
  p.inputs.forEach((name, i) => gl.uniform1i(gl.getUniformLocation(program, `tex_${name}`), i));
  const uniforms = new Map((p.uniforms ?? []).map((u) => [u, gl.getUniformLocation(program, u)]));
  return { program, uniforms };
}

function compileShader(
  gl: WebGL2RenderingContext,
  type: number,
  source: string,
  what: string,
): WebGLShader {
  const shader = gl.createShader(type);
  if (!shader) throw new Error('WebGL2: createShader failed (context lost?)');
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) {
    const log = gl.getShaderInfoLog(shader) ?? '';
    gl.deleteShader(shader);
    throw new ShaderCompileError(what, source, log);
  }
  return shader;
}
