/**
 * Pad: constant, reflect, edge and wrap modes, pads and the constant from
 * attributes (before opset 11) or host inputs (axes from 18), negative pads crop.
 * Each axis maps an output coordinate to an input one in GLSL; constant mode
 * writes the value where any axis falls outside.
 */
import { padsOf } from '../../../../executor/kernels/pad.js';
import { glslFloat } from '../../program.js';
import type { GpuKernel } from '../gpu-kernel.js';
import { stridesOf } from '../../../../executor/kernels/tensor-values.js';
import { indexMapProgram } from './index-map.js';

type Mode = 'constant' | 'reflect' | 'edge' | 'wrap';

/** GLSL statements turning output coordinate o<k> into input coordinate i<k> (may be outside for constant mode). */
function axisSource(mode: Mode, k: number, before: number, size: number, outSize: number): string {
  const i = `i${k}`;
  const head = `int ${i} = o${k} - ${before};`;
  if (mode === 'constant') return head;
  if (mode === 'edge') return `${head} ${i} = clamp(${i}, 0, ${size - 1});`;
  // GLSL's % is undefined for negative operands: shift by whole periods first.
  if (mode === 'wrap') {
    const shift = size * (Math.ceil(Math.max(before, 0) / size) + 1);
    return `${head} ${i} = (${i} + ${shift}) % ${size};`;
  }
  if (size === 1) return `int ${i} = 0;`;
  const period = 2 * (size - 1);
  const shift = period * (Math.ceil((Math.max(before, 0) + outSize) / period) + 1);
  return `${head} ${i} = (${i} + ${shift}) % ${period}; if (${i} >= ${size}) ${i} = ${period} - ${i};`;
}

export const pad: GpuKernel = (inputs, ctx) => {
  const x = ctx.gpu(inputs[0]);
  if (!x) return null;
  const mode = ctx.attrs.string('mode', 'constant') as Mode;
  if (!['constant', 'reflect', 'edge', 'wrap'].includes(mode)) return ctx.fail(`mode "${mode}" is not constant, reflect, edge or wrap`);
  const rank = x.dims.length;
  const hostInputs = inputs.map((v, i) => (i === 0 ? undefined : (ctx.host(v) ?? undefined)));
  if (inputs.some((v, i) => i > 0 && v !== undefined && !hostInputs[i])) return null;
  const pads = padsOf(hostInputs, rank, ctx);
  let value = 0;
  if (ctx.opset < 11) value = ctx.attrs.float('value', 0);
  else if (hostInputs[2] && hostInputs[2].data.length > 0) value = Number(hostInputs[2].data[0]!);
  const dims = x.dims.map((d, a) => d + pads[a]! + pads[a + rank]!);
  if (dims.some((d) => d < 0)) return ctx.fail(`pads [${pads}] crop more than the input [${x.dims}] holds`);
  if (dims.some((d) => d === 0)) return [ctx.run(indexMapProgram('empty', dims, [], 'result = 0.0;'), [], dims)];
  if (mode !== 'constant' && x.dims.some((d) => d === 0)) return ctx.fail(`${mode} padding of an empty axis`);
  // ±Infinity and NaN cannot be baked into GLSL: the CPU kernel pads with them.
  if (!Number.isFinite(value) && mode === 'constant') return null;
  const strides = stridesOf(x.dims);
  const mapped = x.dims.map((d, k) => axisSource(mode, k, pads[k]!, d, dims[k]!)).join('\n  ');
  const at = x.dims.map((_, k) => `i${k} * ${strides[k]}`).join(' + ') || '0';
  const inside = x.dims.map((d, k) => `i${k} >= 0 && i${k} < ${d}`).join(' && ') || 'true';
  const body = mode === 'constant'
    ? `${mapped}\n  result = (${inside}) ? x_at(${at}) : ${glslFloat(value)};`
    : `${mapped}\n  result = x_at(${at});`;
  return [ctx.run(indexMapProgram(`pad|${mode}|${x.dims}|${pads}|${value}`, dims, ['x'], body), [x], dims)];
};
