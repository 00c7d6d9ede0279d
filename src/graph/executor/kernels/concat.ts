/** Concat along one axis; inputs with a zero-sized dim take part with no rows. */
import { elementCount, type HostTensor } from '../../host-tensor.js';
import type { Kernel } from '../kernel.js';
import { normalizeAxis, tensorOf } from './tensor-values.js';

export const concat: Kernel = (inputs, ctx) => {
  const parts = inputs.filter((t): t is HostTensor => t !== undefined);
  if (parts.length === 0) return ctx.fail('needs at least one input');
  const first = parts[0]!;
  const rank = first.dims.length;
  const axis = normalizeAxis(ctx.attrs.required('axis', 'int'), rank, ctx);
  for (const p of parts) {
    if (p.type !== first.type) ctx.fail(`inputs are ${first.type} and ${p.type}; they must have one type`);
    if (p.dims.length !== rank || p.dims.some((d, i) => i !== axis && d !== first.dims[i])) {
      ctx.fail(`cannot concatenate [${first.dims.join(',')}] and [${p.dims.join(',')}] on axis ${axis}`);
    }
  }
  const dims = [...first.dims];
  dims[axis] = parts.reduce((s, p) => s + p.dims[axis]!, 0);
  const out = tensorOf(first.type, dims);
  const outer = elementCount(dims.slice(0, axis));
  const outRow = elementCount(dims.slice(axis));
  let at = 0;
  for (const p of parts) {
    const row = elementCount(p.dims.slice(axis));
    for (let o = 0; o < outer; o++) (out.data as Float32Array).set((p.data as Float32Array).subarray(o * row, (o + 1) * row), o * outRow + at);
    at += row;
  }
  return [out];
};
