/**
 * Mean and 1/sqrt(variance + epsilon) of each row of `length` consecutive
 * elements, both written by one program (two render targets). The variance is
 * the mean squared distance from the mean, taken in a second walk over the row:
 * float32's E[x²] − E[x]² would cancel badly on rows far from zero.
 */
import { glslFloat, type GpuProgram } from '../../program.js';

export function rowStatisticsProgram(rows: number, length: number, epsilon: number): GpuProgram {
  const aligned = length % 4 === 0;
  const walk = (body: string, scalarBody: string) =>
    aligned
      ? `for (int t = 0; t < ${length / 4}; t++) { vec4 v = x_texel(baseT + t); ${body} }`
      : `for (int i = 0; i < ${length}; i++) { float v = x_at(base + i); ${scalarBody} }`;
  return {
    key: `row-statistics|${rows},${length},${epsilon}`,
    inputs: ['x'],
    outputSize: rows,
    outputs: ['mean', 'invstd'],
    main: `
  int base = index * ${length};
  int baseT = base >> 2;
  float sum = 0.0;
  ${walk('sum += dot(v, vec4(1.0));', 'sum += v;')}
  float m = sum / ${length}.0;
  float squares = 0.0;
  ${walk('vec4 d = v - m; squares += dot(d, d);', 'float d = v - m; squares += d * d;')}
  mean = m;
  invstd = 1.0 / sqrt(squares / ${length}.0 + ${glslFloat(epsilon)});`,
  };
}
