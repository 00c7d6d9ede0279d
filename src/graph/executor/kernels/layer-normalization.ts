/**
 * LayerNormalization (ONNX opset 17): normalizes over the axes from `axis` to the end,
 * then scales and shifts by Scale and B (broadcast to the normalized shape). The
 * optional outputs Mean and InvStdDev have X's shape with the normalized axes set to 1.
 */
import { elementCount } from '../../host-tensor.js';
import type { Kernel, KernelContext } from '../kernel.js';
import { normalizeAxis } from './tensor-values.js';
import { floatInput, floatOutput, optionalFloatInput, type FloatTensor } from './float-io.js';

/** `t` broadcast (right-aligned, NumPy rules) to `shape`, as a flat array. */
function broadcastTo(t: FloatTensor, shape: readonly number[], role: string, ctx: KernelContext): Float64Array {
  const offset = shape.length - t.dims.length;
  if (offset < 0 || t.dims.some((d, i) => d !== 1 && d !== shape[offset + i]))
    return ctx.fail(`${role} [${t.dims.join(',')}] does not broadcast to the normalized shape [${shape.join(',')}]`);
  const out = new Float64Array(elementCount(shape));
  for (let i = 0; i < out.length; i++) {
    let rest = i, src = 0, stride = 1;
    for (let a = shape.length - 1; a >= offset; a--) {
      const coord = rest % shape[a]!;
      rest = Math.floor(rest / shape[a]!);
      const d = t.dims[a - offset]!;
      if (d !== 1) src += coord * stride;
      stride *= d;
    }
    out[i] = t.data[src]!;
  }
  return out;
}

export const layerNormalization: Kernel = (inputs, ctx) => {
  const x = floatInput(inputs, 0, 'X', ctx), scale = floatInput(inputs, 1, 'Scale', ctx), bias = optionalFloatInput(inputs, 2, 'B', ctx);
  const axis = normalizeAxis(ctx.attrs.int('axis', -1), x.dims.length, ctx);
  const epsilon = ctx.attrs.float('epsilon', 1e-5);
  const normShape = x.dims.slice(axis);
  const size = elementCount(normShape), rows = elementCount(x.dims.slice(0, axis));
  const S = broadcastTo(scale, normShape, 'Scale', ctx);
  const B = bias ? broadcastTo(bias, normShape, 'B', ctx) : null;
  const statDims = [...x.dims.slice(0, axis), ...normShape.map(() => 1)];
  const y = floatOutput(ctx, x.type, x.dims), mean = floatOutput(ctx, x.type, statDims), inv = floatOutput(ctx, x.type, statDims);
  const X = x.data, Y = y.data;
  for (let r = 0; r < rows; r++) {
    const start = r * size;
    let sum = 0;
    for (let i = 0; i < size; i++) sum += X[start + i]!;
    const m = sum / size;
    let sq = 0;
    for (let i = 0; i < size; i++) sq += (X[start + i]! - m) ** 2;
    const k = 1 / Math.sqrt(sq / size + epsilon);
    for (let i = 0; i < size; i++) Y[start + i] = (X[start + i]! - m) * k * S[i]! + (B ? B[i]! : 0);
    mean.data[r] = m;
    inv.data[r] = k;
  }
  return [y, mean, inv];
};
