/** DepthToSpace (DCR or CRD) and SpaceToDepth on NCHW tensors, as reshape + transpose + reshape. */
import type { Kernel } from '../kernel.js';
import { transposeTensor } from './transpose.js';

export const depthToSpace: Kernel = ([x], ctx) => {
  if (!x) return ctx.fail('input is required');
  if (x.dims.length !== 4) ctx.fail(`input has rank ${x.dims.length}; needs NCHW`);
  const b = ctx.attrs.required('blocksize', 'int');
  const [n, c, h, w] = x.dims as [number, number, number, number];
  if (c % (b * b) !== 0) ctx.fail(`channels ${c} are not a multiple of blocksize² ${b * b}`);
  const crd = ctx.attrs.string('mode', 'DCR') === 'CRD';
  const c2 = c / (b * b);
  const staged = crd ? { ...x, dims: [n, c2, b, b, h, w] } : { ...x, dims: [n, b, b, c2, h, w] };
  const moved = transposeTensor(staged, crd ? [0, 1, 4, 2, 5, 3] : [0, 3, 4, 1, 5, 2], ctx);
  return [{ ...moved, dims: [n, c2, h * b, w * b] }];
};

export const spaceToDepth: Kernel = ([x], ctx) => {
  if (!x) return ctx.fail('input is required');
  if (x.dims.length !== 4) ctx.fail(`input has rank ${x.dims.length}; needs NCHW`);
  const b = ctx.attrs.required('blocksize', 'int');
  const [n, c, h, w] = x.dims as [number, number, number, number];
  if (h % b !== 0 || w % b !== 0) ctx.fail(`height ${h} and width ${w} must be multiples of blocksize ${b}`);
  const moved = transposeTensor({ ...x, dims: [n, c, h / b, b, w / b, b] }, [0, 3, 5, 1, 2, 4], ctx);
  return [{ ...moved, dims: [n, c * b * b, h / b, w / b] }];
};
