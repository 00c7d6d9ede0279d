/**
 * MaxPool (with its optional Indices output), AveragePool (count_include_pad),
 * GlobalMaxPool and GlobalAveragePool over 1, 2 or 3 spatial axes, ONNX opsets 1-22:
 * pads, strides, dilations, ceil_mode and auto_pad as resolved by spatial-window.ts.
 * Windows skip positions outside the input; AveragePool divides by the positions inside
 * the input, or (count_include_pad) inside the input plus its explicit pads.
 */
import { allocateData, elementCount, isFloatType, type ElementType, type HostTensor } from '../../host-tensor.js';
import type { Kernel, KernelContext } from '../kernel.js';
import { lift3, resolveWindow, spatialRank, type SpatialWindow } from './spatial-window.js';

type NumberArray = Exclude<HostTensor['data'], BigInt64Array | BigUint64Array>;

function poolInput(inputs: readonly (HostTensor | undefined)[], ctx: KernelContext, floatOnly: boolean): HostTensor & { data: NumberArray } {
  const x = inputs[0];
  if (!x) return ctx.fail('input 0 (X) is missing');
  const numeric = !(x.data instanceof BigInt64Array || x.data instanceof BigUint64Array) && x.type !== 'float16' && x.type !== 'bool';
  if (!numeric || (floatOnly && !isFloatType(x.type))) return ctx.fail(`input 0 (X) is ${x.type}; this op takes ${floatOnly ? 'float32 or float64' : 'float or 8/16/32-bit integer'} values`);
  spatialRank(x.dims, 'X', ctx);
  return x as HostTensor & { data: NumberArray };
}

function output(ctx: KernelContext, type: ElementType, dims: number[]): HostTensor & { data: NumberArray } {
  const storage = isFloatType(type) ? ctx.floatStorage(type) : type;
  return { type: storage, dims, data: allocateData(storage, elementCount(dims)) as NumberArray };
}

function windowOf(x: HostTensor, ctx: KernelContext): SpatialWindow {
  return resolveWindow(ctx, x.dims.slice(2), ctx.attrs.required('kernel_shape', 'ints'), ctx.attrs.int('ceil_mode', 0) === 1);
}

/** A window's sizes on 3 spatial axes, as plain fields for the inner loops. */
interface Lifted {
  iD: number; iH: number; iW: number; kD: number; kH: number; kW: number; sD: number; sH: number; sW: number;
  dD: number; dH: number; dW: number; pD: number; pH: number; pW: number; oD: number; oH: number; oW: number;
}

function lifted(w: SpatialWindow): Lifted {
  const [iD, iH, iW] = lift3(w.input, 1), [kD, kH, kW] = lift3(w.kernel, 1), [sD, sH, sW] = lift3(w.strides, 1);
  const [dD, dH, dW] = lift3(w.dilations, 1), [pD, pH, pW] = lift3(w.padsBegin, 0), [oD, oH, oW] = lift3(w.output, 1);
  return { iD, iH, iW, kD, kH, kW, sD, sH, sW, dD, dH, dW, pD, pH, pW, oD, oH, oW };
}

export const maxPool: Kernel = (inputs, ctx) => {
  const x = poolInput(inputs, ctx, false);
  const win = windowOf(x, ctx);
  const L = lifted(win);
  const [batch, channels] = x.dims as [number, number];
  const dims = [batch, channels, ...win.output];
  const y = output(ctx, x.type, dims);
  const wantIndices = ctx.outputCount > 1;
  const indices = wantIndices ? new BigInt64Array(y.data.length) : null;
  const columnMajor = ctx.attrs.int('storage_order', 0) === 1;
  const X = x.data, Y = y.data;
  const inPlane = L.iD * L.iH * L.iW;
  let out = 0;
  for (let plane = 0; plane < batch * channels; plane++) {
    const base = plane * inPlane;
    for (let od = 0; od < L.oD; od++) for (let oh = 0; oh < L.oH; oh++) for (let ow = 0; ow < L.oW; ow++, out++) {
      let best = -Infinity, at = -1;
      for (let kd = 0; kd < L.kD; kd++) {
        const id = od * L.sD - L.pD + kd * L.dD;
        if (id < 0 || id >= L.iD) continue;
        for (let kh = 0; kh < L.kH; kh++) {
          const ih = oh * L.sH - L.pH + kh * L.dH;
          if (ih < 0 || ih >= L.iH) continue;
          for (let kw = 0; kw < L.kW; kw++) {
            const iw = ow * L.sW - L.pW + kw * L.dW;
            if (iw < 0 || iw >= L.iW) continue;
            const v = X[base + (id * L.iH + ih) * L.iW + iw]!;
            if (v > best || at < 0) {
              best = v;
              // Indices: flat over the whole tensor; storage_order 1 counts the plane column-major.
              at = columnMajor ? (iw * L.iH + ih) * L.iD + id : (id * L.iH + ih) * L.iW + iw;
            }
          }
        }
      }
      Y[out] = best;
      if (indices) indices[out] = BigInt(base + at);
    }
  }
  return indices ? [y, { type: 'int64', dims, data: indices }] : [y];
};

export const averagePool: Kernel = (inputs, ctx) => {
  const x = poolInput(inputs, ctx, true);
  const win = windowOf(x, ctx);
  const L = lifted(win);
  const [pEndD, pEndH, pEndW] = lift3(win.padsEnd, 0);
  const includePad = ctx.attrs.int('count_include_pad', 0) === 1;
  const [batch, channels] = x.dims as [number, number];
  const y = output(ctx, x.type, [batch, channels, ...win.output]);
  const X = x.data, Y = y.data;
  const inPlane = L.iD * L.iH * L.iW;
  // Positions a window counts along one axis: inside [lo, hi).
  const inside = (i: number, lo: number, hi: number) => i >= lo && i < hi;
  let out = 0;
  for (let plane = 0; plane < batch * channels; plane++) {
    const base = plane * inPlane;
    for (let od = 0; od < L.oD; od++) for (let oh = 0; oh < L.oH; oh++) for (let ow = 0; ow < L.oW; ow++, out++) {
      let sum = 0, count = 0;
      for (let kd = 0; kd < L.kD; kd++) {
        const id = od * L.sD - L.pD + kd * L.dD;
        if (!inside(id, includePad ? -L.pD : 0, includePad ? L.iD + pEndD : L.iD)) continue;
        for (let kh = 0; kh < L.kH; kh++) {
          const ih = oh * L.sH - L.pH + kh * L.dH;
          if (!inside(ih, includePad ? -L.pH : 0, includePad ? L.iH + pEndH : L.iH)) continue;
          for (let kw = 0; kw < L.kW; kw++) {
            const iw = ow * L.sW - L.pW + kw * L.dW;
            if (!inside(iw, includePad ? -L.pW : 0, includePad ? L.iW + pEndW : L.iW)) continue;
            count++;
            if (id >= 0 && id < L.iD && ih >= 0 && ih < L.iH && iw >= 0 && iw < L.iW) sum += X[base + (id * L.iH + ih) * L.iW + iw]!;
          }
        }
      }
      Y[out] = sum / count;
    }
  }
  return [y];
};

function globalPool(inputs: readonly (HostTensor | undefined)[], ctx: KernelContext, max: boolean): HostTensor[] {
  const x = poolInput(inputs, ctx, true);
  const [batch, channels] = x.dims as [number, number];
  const spatial = x.dims.slice(2);
  const plane = elementCount(spatial);
  const y = output(ctx, x.type, [batch, channels, ...spatial.map(() => 1)]);
  const X = x.data, Y = y.data;
  for (let p = 0; p < batch * channels; p++) {
    let acc = max ? -Infinity : 0;
    for (let i = p * plane, end = i + plane; i < end; i++) acc = max ? Math.max(acc, X[i]!) : acc + X[i]!;
    Y[p] = max ? acc : acc / plane;
  }
  return [y];
}

export const globalAveragePool: Kernel = (inputs, ctx) => globalPool(inputs, ctx, false);
export const globalMaxPool: Kernel = (inputs, ctx) => globalPool(inputs, ctx, true);
