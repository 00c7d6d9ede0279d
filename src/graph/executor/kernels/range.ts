/** Range(start, limit, delta): numpy's arange for scalar inputs of one type. */
import { allocateData, isBigIntType } from '../../host-tensor.js';
import type { Kernel } from '../kernel.js';
import { scalarValue, tensorOf } from './tensor-values.js';

export const range: Kernel = ([startT, limitT, deltaT], ctx) => {
  if (!startT || !limitT || !deltaT) return ctx.fail('needs start, limit and delta');
  const start = scalarValue(startT, ctx, 'start');
  const limit = scalarValue(limitT, ctx, 'limit');
  const delta = scalarValue(deltaT, ctx, 'delta');
  if (delta === 0) ctx.fail('delta is 0');
  const count = Math.max(0, Math.ceil((limit - start) / delta));
  const data = allocateData(startT.type, count);
  if (isBigIntType(startT.type)) for (let i = 0; i < count; i++) data[i] = BigInt(start + i * delta);
  else for (let i = 0; i < count; i++) data[i] = start + i * delta;
  return [tensorOf(startT.type, [count], data)];
};
