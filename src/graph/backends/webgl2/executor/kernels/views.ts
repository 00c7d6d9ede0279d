/**
 * Ops that only change dims: Reshape, Flatten, Squeeze, Unsqueeze, Identity and
 * Dropout at inference. The result is a view sharing the input's texture, so they
 * cost nothing on the GPU. The new dims come from the CPU kernels themselves, run
 * on a dims-only stand-in (they pass data through untouched, reshape.ts).
 */
import type { HostTensor } from '../../../../host-tensor.js';
import type { Kernel } from '../../../../executor/kernel.js';
import { flatten as hostFlatten, reshape as hostReshape, squeeze as hostSqueeze, unsqueeze as hostUnsqueeze } from '../../../../executor/kernels/reshape.js';
import type { GpuKernel } from '../gpu-kernel.js';

/** A GPU kernel viewing its first input with the dims `host` computes; other inputs (shape, axes) must be on the host. */
function viewKernel(host: Kernel): GpuKernel {
  return ([input, ...rest], ctx) => {
    const x = ctx.gpu(input);
    if (!x) return null;
    const hostRest = rest.map((v) => ctx.host(v) ?? undefined);
    if (rest.some((v, i) => v !== undefined && !hostRest[i])) return null;
    const standIn: HostTensor = { type: 'float32', dims: x.dims, data: new Float32Array(0) };
    const [out] = host([standIn, ...hostRest], ctx);
    return [x.view(out!.dims)];
  };
}

export const reshape = viewKernel(hostReshape);
export const flatten = viewKernel(hostFlatten);
export const squeeze = viewKernel(hostSqueeze);
export const unsqueeze = viewKernel(hostUnsqueeze);

export const identity: GpuKernel = ([input], ctx) => {
  const x = ctx.gpu(input);
  return x ? [x.view(x.dims)] : null;
};

/** Dropout is the identity at inference; a requested mask or a training_mode input go to the CPU kernel. */
export const dropout: GpuKernel = (inputs, ctx) => (ctx.outputCount > 1 || inputs[2] ? null : identity(inputs, ctx));

/** Shape and Size read only dims: no read-back of the data. */
export const shapeOf: GpuKernel = ([input], ctx) => {
  const x = ctx.gpu(input);
  if (!x) return null;
  const rank = x.dims.length;
  const clamp = (v: number) => Math.min(rank, Math.max(0, v < 0 ? v + rank : v));
  const start = ctx.opset >= 15 ? clamp(ctx.attrs.int('start', 0)) : 0;
  const end = ctx.opset >= 15 ? clamp(ctx.attrs.int('end', rank)) : rank;
  const dims = x.dims.slice(start, Math.max(start, end));
  return [{ type: 'int64', dims: [dims.length], data: BigInt64Array.from(dims, (d) => BigInt(d)) }];
};

export const sizeOf: GpuKernel = ([input], ctx) => {
  const x = ctx.gpu(input);
  return x ? [{ type: 'int64', dims: [], data: BigInt64Array.of(BigInt(x.size)) }] : null;
};
