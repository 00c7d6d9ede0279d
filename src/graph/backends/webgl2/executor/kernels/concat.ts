/**
 * Concat along `axis`: an output element picks its input by its coordinate on the
 * axis. When whole texels stay inside one input (the run after the axis is a
 * multiple of 4: channel concats of 4k-position planes), they move as texels.
 * Inputs beyond one pass's texture units are joined in several passes.
 */
import type { GpuProgram } from '../../program.js';
import type { GpuKernel, GpuKernelContext } from '../gpu-kernel.js';
import type { GpuTensor } from '../gpu-tensor.js';
import { indexMapProgram } from './index-map.js';

const MAX_INPUTS = 8;

export function concatProgram(lengths: readonly number[], outer: number, inner: number): GpuProgram {
  const total = lengths.reduce((a, b) => a + b, 0);
  const names = lengths.map((_, i) => `x${i}`);
  const vector = inner % 4 === 0;
  const read = (i: number, local: string) => (vector ? `${names[i]}_texel((${local}) >> 2)` : `${names[i]}_at(${local})`);
  let start = 0;
  const branches = lengths.map((len, i) => {
    const local = `(outer * ${len} + a - ${start}) * ${inner} + inner`;
    const test = i === lengths.length - 1 ? '' : `if (a < ${start + len}) `;
    start += len;
    return `${test}{ result = ${read(i, local)}; return; }`;
  });
  const body = `
  int inner = index % ${inner};
  int rest = index / ${inner};
  int a = rest % ${total};
  int outer = rest / ${total};
  ${branches.join('\n  ')}`;
  const key = `concat|${lengths}|${outer}|${inner}`;
  const size = outer * total * inner;
  // The vector body runs in main() itself, so `return` after assigning ends the fragment.
  return vector ? { key, inputs: names, outputSize: size, main4: body } : { key, inputs: names, outputSize: size, main: body };
}

function concatPass(ctx: GpuKernelContext, xs: readonly GpuTensor[], axis: number): GpuTensor {
  const dims = [...xs[0]!.dims];
  dims[axis] = xs.reduce((n, x) => n + x.dims[axis]!, 0);
  const outer = dims.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  return ctx.run(concatProgram(xs.map((x) => x.dims[axis]!), outer, inner), xs, dims);
}

export const concat: GpuKernel = (inputs, ctx) => {
  const present = inputs.filter((v) => v !== undefined);
  const xs = present.map((v) => ctx.gpu(v));
  if (xs.length === 0 || xs.some((x) => !x)) return null;
  const tensors = xs as GpuTensor[];
  const rank = tensors[0]!.dims.length;
  const raw = ctx.attrs.int('axis', ctx.opset < 4 ? 1 : NaN);
  if (Number.isNaN(raw)) return ctx.fail('attribute "axis" is required');
  if (raw < -rank || raw >= rank) return ctx.fail(`axis ${raw} is out of range for rank ${rank}`);
  const axis = raw < 0 ? raw + rank : raw;
  for (const x of tensors) {
    if (x.dims.length !== rank || x.dims.some((d, k) => k !== axis && d !== tensors[0]!.dims[k])) {
      ctx.fail(`inputs [${tensors.map((t) => t.dims.join(',')).join('] and [')}] differ off axis ${axis}`);
    }
  }
  let pending = tensors.filter((x) => x.size > 0);
  if (pending.length === 0) {
    const dims = tensors[0]!.dims.map((d, k) => (k === axis ? tensors.reduce((n, x) => n + x.dims[axis]!, 0) : d));
    return [ctx.run(indexMapProgram('empty', dims, [], 'result = 0.0;'), [], dims)];
  }
  let made: GpuTensor | null = null;
  while (pending.length > MAX_INPUTS) {
    const part = concatPass(ctx, pending.slice(0, MAX_INPUTS), axis);
    if (made) ctx.free(made);
    made = part;
    pending = [part, ...pending.slice(MAX_INPUTS)];
  }
  const out = pending.length === 1 && pending[0] !== made ? pending[0]!.view(pending[0]!.dims) : concatPass(ctx, pending, axis);
  if (made && made !== out) ctx.free(made);
  return [out];
};
