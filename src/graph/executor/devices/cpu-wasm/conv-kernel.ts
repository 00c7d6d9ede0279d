/** Conv on engine-cpu: float32 1-D and 2-D convolutions on the wasm kernels, the plain kernel for the rest. */
import type { Kernel } from '../../kernel.js';
import { conv, convGeometry } from '../../kernels/conv.js';
import { floatInput, optionalFloatInput } from '../../kernels/float-io.js';
import { WasmConvolutions } from './wasm-conv.js';

export function wasmConvKernel(convolutions: WasmConvolutions): Kernel {
  return (inputs, ctx) => {
    if (inputs.slice(0, 3).some((t) => t && t.type !== 'float32')) return conv(inputs, ctx);
    const x = floatInput(inputs, 0, 'X', ctx), w = floatInput(inputs, 1, 'W', ctx), b = optionalFloatInput(inputs, 2, 'B', ctx);
    const g = convGeometry(x, w, b, ctx);
    if (!WasmConvolutions.handles(g)) return conv(inputs, ctx);
    return [convolutions.run(x, w, b, g)];
  };
}
