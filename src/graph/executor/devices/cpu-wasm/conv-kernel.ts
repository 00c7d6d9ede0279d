/**
 * Conv on engine-cpu: float32 1-D and 2-D convolutions on the wasm kernels, the plain
 * kernel for the rest; optionally with a Relu/Clip folded in (clamped in the wasm
 * epilogue, or after the plain kernel).
 */
import type { HostTensor } from '../../../host-tensor.js';
import type { Kernel } from '../../kernel.js';
import { conv, convGeometry } from '../../kernels/conv.js';
import { floatInput, optionalFloatInput } from '../../kernels/float-io.js';
import { WasmConvolutions, type Clamp } from './wasm-conv.js';

function clamped(t: HostTensor, [lo, hi]: readonly [number, number]): HostTensor {
  const d = t.data as Float32Array | Float64Array;
  // Written so NaN stays NaN, as Clip and Relu leave it.
  for (let i = 0; i < d.length; i++) d[i] = d[i]! < lo ? lo : d[i]! > hi ? hi : d[i]!;
  return t;
}

export function wasmConvKernel(convolutions: WasmConvolutions, clamp: Clamp = null): Kernel {
  const plain: Kernel = clamp ? (inputs, ctx) => conv(inputs, ctx).map((t) => clamped(t, clamp)) : conv;
  return (inputs, ctx) => {
    if (inputs.slice(0, 3).some((t) => t && t.type !== 'float32')) return plain(inputs, ctx);
    const x = floatInput(inputs, 0, 'X', ctx), w = floatInput(inputs, 1, 'W', ctx), b = optionalFloatInput(inputs, 2, 'B', ctx);
    const g = convGeometry(x, w, b, ctx);
    if (!WasmConvolutions.handles(g)) return plain(inputs, ctx);
    return [convolutions.run(x, w, b, g, clamp)];
  };
}
