/**
 * Element-wise programs with NumPy broadcasting, four outputs per fragment. Each
 * operand is loaded as a vec4 named after it, the cheapest way its layout allows:
 *  - same shape as the output: one texel;
 *  - a scalar, or constant across the texel's four lanes (a per-channel
 *    parameter over a plane of 4k elements): one element;
 *  - contiguous rows of 4k elements (a bias row under a batch): one texel;
 *  - anything else: four elements, each at its own broadcast offset.
 * The op itself is a vec4 GLSL snippet over those names, assigning `result`.
 */
import type { GpuProgram } from '../program.js';
import { broadcastStrides, collapseDims, offsetFunction } from './tensor-glsl.js';
import { stridesOf } from '../../../executor/kernels/tensor-values.js';

export interface Operand {
  /** GLSL name of the vec4 the body reads (also names the input's accessors). */
  readonly name: string;
  readonly dims: readonly number[];
}

export function elementwiseProgram(
  key: string,
  operands: readonly Operand[],
  outDims: readonly number[],
  body: string,
  helpers = '',
): GpuProgram {
  const collapsed = collapseDims(outDims, operands.map((o) => broadcastStrides(o.dims, outDims)));
  const loads = operands.map((o, j) => loader(o.name, collapsed.dims, collapsed.strides[j]!));
  const size = outDims.reduce((a, b) => a * b, 1);
  return {
    key: `${key}|${collapsed.dims}|${collapsed.strides.map((s) => s.join(',')).join(';')}`,
    inputs: operands.map((o) => o.name),
    outputSize: size,
    helpers: [...loads.map((l) => l.helper), helpers].filter((h) => h).join('\n'),
    main4: [...loads.map((l) => `  vec4 ${l.name} = ${l.expr};`), body].join('\n'),
  };
}

interface Load {
  name: string;
  expr: string;
  helper: string;
}

function loader(name: string, dims: readonly number[], strides: readonly number[]): Load {
  const offset = `${name}_offset`;
  const helper = offsetFunction(offset, dims, strides);
  if (strides.every((s) => s === 0)) return { name, expr: `vec4(${name}_at(0))`, helper: '' };
  if (strides.join() === stridesOf(dims).join()) return { name, expr: `${name}_texel(index >> 2)`, helper: '' };
  let k = dims.length;
  while (k > 0 && strides[k - 1] === 0) k--;
  const constantRun = dims.slice(k).reduce((a, b) => a * b, 1);
  if (constantRun % 4 === 0) return { name, expr: `vec4(${name}_at(${offset}(index)))`, helper };
  // Stride 1 over a last dim of 4k: the input's other strides are multiples of it.
  if (strides.at(-1) === 1 && dims.at(-1)! % 4 === 0) return { name, expr: `${name}_texel(${offset}(index) >> 2)`, helper };
  const lanes = [0, 1, 2, 3].map((l) => `${name}_at(${offset}(index + ${l}))`).join(', ');
  return { name, expr: `vec4(${lanes})`, helper };
}
