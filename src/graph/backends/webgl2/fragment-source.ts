/**
 * The GLSL ES 3.00 fragment shader of a `GpuProgram`: header, one sampler plus
 * flat-index accessors per input, output declarations, and the `main` that maps
 * the fragment position to its texel's four flat output indices — running the
 * program's vector body once, or its scalar body once per lane.
 */
import { outputNames, type GpuProgram } from './program.js';
import type { TextureLayout } from './texture-layout.js';

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
