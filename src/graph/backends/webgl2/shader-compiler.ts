/**
 * Turns a `GpuProgram` into a linked WebGL program: adds the GLSL ES 3.00 header,
 * one sampler plus flat-index accessors per input, the output declarations and the
 * `main` that maps the fragment position to its texel's four flat output indices.
 */
import { outputNames, type GpuProgram } from './program.js';
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

export function fragmentSource(
  p: GpuProgram,
  inputLayouts: readonly TextureLayout[],
  outputLayout: TextureLayout,
): string {
  if ((p.main === undefined) === (p.main4 === undefined)) {
    throw new Error(`program ${p.key}: give exactly one of main and main4`);
  }
  const outputs = outputNames(p);
  const accessors = p.inputs.map((name, i) => {
    const { width, widthShift } = inputLayouts[i]!;
    return [
      `uniform highp sampler2D tex_${name};`,
      `vec4 ${name}_texel(int t) {`,
      `  return texelFetch(tex_${name}, ivec2(t & ${width - 1}, t >> ${widthShift}), 0);`,
      `}`,
      `float ${name}_at(int i) {`,
      `  return ${name}_texel(i >> 2)[i & 3];`,
      `}`,
    ].join('\n');
  });
  return [
    '#version 300 es',
    'precision highp float;',
    'precision highp int;',
    ...outputs.map((name, i) => `layout(location = ${i}) out vec4 ${name};`),
    ...(p.uniforms ?? []).map((name) => `uniform float ${name};`),
    ...accessors,
    p.helpers ?? '',
    p.main4 === undefined ? scalarMain(p, outputs, outputLayout) : vectorMain(p, outputLayout),
  ].join('\n');
}

/** The texel's first flat element, from the fragment position. */
function firstIndex(out: TextureLayout): string {
  return `  int index = ((int(gl_FragCoord.y) << ${out.widthShift}) | int(gl_FragCoord.x)) * 4;`;
}

function vectorMain(p: GpuProgram, out: TextureLayout): string {
  return ['void main() {', firstIndex(out), p.main4!, '}'].join('\n');
}

/** Wraps the scalar body in a function and calls it for each of the texel's lanes. */
function scalarMain(p: GpuProgram, outputs: readonly string[], out: TextureLayout): string {
  const params = outputs.map((name) => `out float ${name}`).join(', ');
  return [
    `void kernel(int index, ${params}) {`,
    p.main!,
    '}',
    'void main() {',
    firstIndex(out),
    ...outputs.map((name) => `  vec4 lanes_${name} = vec4(0.0);`),
    '  for (int lane = 0; lane < 4; lane++) {',
    // The last texel may extend past the buffer: its extra lanes stay zero.
    `    if (index + lane >= ${p.outputSize}) break;`,
    ...outputs.map((name) => `    float lane_${name};`),
    `    kernel(index + lane, ${outputs.map((name) => `lane_${name}`).join(', ')});`,
    ...outputs.map((name) => `    lanes_${name}[lane] = lane_${name};`),
    '  }',
    ...outputs.map((name) => `  ${name} = lanes_${name};`),
    '}',
  ].join('\n');
}

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
