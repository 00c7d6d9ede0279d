/**
 * Gemm on engine-cpu: float32 products with alpha = 1 and C absent or a row vector
 * ([N], [1, N], a scalar) run on the wasm kernels with op(B) packed like convolution
 * weights (once, for a constant B in PyTorch's Linear layout); the rest on the plain kernel.
 */
import type { HostTensor } from '../../../host-tensor.js';
import type { Kernel } from '../../kernel.js';
import { gemm } from '../../kernels/gemm.js';
import type { WasmConvolutions } from './wasm-conv.js';

/** beta·C as a row of n values, or undefined when C does not broadcast as a row. */
function rowBias(c: HostTensor | undefined, n: number, beta: number): Float32Array | null | undefined {
  if (!c || beta === 0) return null;
  const count = c.data.length;
  const asRow = c.dims.length <= 1 || (c.dims.length === 2 && c.dims[0] === 1);
  if (!asRow || (count !== n && count !== 1)) return undefined;
  const out = new Float32Array(n);
  for (let j = 0; j < n; j++) out[j] = beta * (c.data[count === 1 ? 0 : j] as number);
  return out;
}

export function wasmGemmKernel(convolutions: WasmConvolutions): Kernel {
  return (inputs, ctx) => {
    const [a, b, c] = inputs;
    const alpha = ctx.attrs.float('alpha', 1), beta = ctx.attrs.float('beta', 1);
    const transA = ctx.attrs.int('transA', 0) === 1, transB = ctx.attrs.int('transB', 0) === 1;
    if (!a || !b || alpha !== 1 || [a, b, c].some((t) => t && t.type !== 'float32') || a.dims.length !== 2 || b.dims.length !== 2) return gemm(inputs, ctx);
    const k = transA ? a.dims[0] : a.dims[1], kb = transB ? b.dims[1] : b.dims[0];
    const bias = rowBias(c, transB ? b.dims[0]! : b.dims[1]!, beta);
    if (k !== kb || bias === undefined) return gemm(inputs, ctx);
    return [convolutions.linear(a, transA, b, transB, bias)];
  };
}
