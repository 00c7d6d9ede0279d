/**
 * Resize (opset 10+) and Upsample (7–9): nearest, linear and cubic interpolation over
 * any axes, every coordinate_transformation_mode and nearest_mode, exclude_outside and
 * tf_crop_and_resize's extrapolation. The interpolation is a tensor product of 1-D
 * ones, so it runs one axis at a time, last axis first, exactly as onnx/reference's
 * recursive _interpolate_nd does (extrapolated values included).
 */
import { elementCount, isFloatType, type HostTensor } from '../../host-tensor.js';
import type { Kernel, KernelContext } from '../kernel.js';
import { readInts, tensorOf } from './tensor-values.js';

interface Options {
  mode: string;
  coordinates: string;
  nearestMode: string;
  cubicA: number;
  excludeOutside: boolean;
  extrapolation: number;
}

/** Tap weights for a fractional position `ratio` in (0, 1]; taps sit at base - n/2 + 1 … base + n/2. */
function coefficients(o: Options, ratio: number): number[] {
  if (o.mode === 'nearest') {
    if (ratio === 1) return [0, 1];
    switch (o.nearestMode) {
      case 'round_prefer_ceil': return ratio < 0.5 ? [1, 0] : [0, 1];
      case 'floor': return [1, 0];
      case 'ceil': return [0, 1];
      default: return ratio <= 0.5 ? [1, 0] : [0, 1];
    }
  }
  if (o.mode === 'linear') return [1 - ratio, ratio];
  const A = o.cubicA;
  const far = (r: number) => ((A * (r + 1) - 5 * A) * (r + 1) + 8 * A) * (r + 1) - 4 * A;
  const near = (r: number) => ((A + 2) * r - (A + 3)) * r * r + 1;
  return [far(ratio), near(ratio), near(1 - ratio), far(1 - ratio)];
}

/** Input coordinate of output index `x` along one axis, or null where tf_crop_and_resize extrapolates. */
function sourceCoordinate(o: Options, x: number, scale: number, inSize: number, outSize: number, roi: [number, number]): number | null {
  const scaledLength = scale * inSize;
  switch (o.coordinates) {
    case 'align_corners': return scaledLength === 1 ? 0 : (x * (inSize - 1)) / (scaledLength - 1);
    case 'asymmetric': return x / scale;
    case 'tf_half_pixel_for_nn': return (x + 0.5) / scale;
    case 'pytorch_half_pixel': return scaledLength === 1 ? -0.5 : (x + 0.5) / scale - 0.5;
    case 'half_pixel_symmetric': {
      const offset = (inSize / 2) * (1 - outSize / scaledLength);
      return offset + (x + 0.5) / scale - 0.5;
    }
    case 'tf_crop_and_resize': {
      const span = (roi[1] - roi[0]) * (inSize - 1);
      const c = (scaledLength === 1 ? span / 2 : (x * span) / (scaledLength - 1)) + roi[0] * (inSize - 1);
      return c < 0 || c > inSize - 1 ? null : c;
    }
    default: return (x + 0.5) / scale - 0.5; // half_pixel
  }
}

/** Interpolates `data` (row-major `dims`) along `axis` to `outSize`, in float64. */
function resizeAxis(data: Float64Array, dims: readonly number[], axis: number, outSize: number, scale: number, roi: [number, number], o: Options): Float64Array {
  const inSize = dims[axis]!;
  const outer = elementCount(dims.slice(0, axis));
  const inner = elementCount(dims.slice(axis + 1));
  const out = new Float64Array(outer * outSize * inner);
  const taps: { index: number[]; weight: number[] }[] = [];
  for (let x = 0; x < outSize; x++) {
    const c = sourceCoordinate(o, x, scale, inSize, outSize, roi);
    if (c === null) {
      taps.push({ index: [], weight: [] });
      continue;
    }
    const whole = Number.isInteger(c);
    const base = whole ? c - 1 : Math.floor(c);
    const weight = coefficients(o, whole ? 1 : c - base);
    const n = weight.length;
    const raw = weight.map((_, i) => base - n / 2 + 1 + i);
    if (o.excludeOutside) {
      raw.forEach((i, k) => {
        if (i < 0 || i >= inSize) weight[k] = 0;
      });
      const total = weight.reduce((a, b) => a + b, 0);
      for (let k = 0; k < n; k++) weight[k]! /= total;
    }
    taps.push({ index: raw.map((i) => Math.min(inSize - 1, Math.max(0, i))), weight });
  }
  for (let a = 0; a < outer; a++) {
    for (let x = 0; x < outSize; x++) {
      const { index, weight } = taps[x]!;
      const to = (a * outSize + x) * inner;
      if (index.length === 0) {
        out.fill(o.extrapolation, to, to + inner);
        continue;
      }
      for (let k = 0; k < index.length; k++) {
        const w = weight[k]!;
        if (w === 0) continue;
        const from = (a * inSize + index[k]!) * inner;
        for (let i = 0; i < inner; i++) out[to + i]! += w * data[from + i]!;
      }
    }
  }
  return out;
}

function interpolate(x: HostTensor, outDims: readonly number[], scales: readonly number[], rois: [number, number][], o: Options, ctx: KernelContext): HostTensor {
  if (!isFloatType(x.type) && o.mode !== 'nearest') ctx.fail(`${o.mode} interpolation of ${x.type} is not supported`);
  let data: Float64Array = Float64Array.from(x.data as ArrayLike<number>, Number);
  const dims = [...x.dims];
  for (let axis = dims.length - 1; axis >= 0; axis--) {
    const identity = scales[axis] === 1 && outDims[axis] === dims[axis] && o.coordinates !== 'tf_crop_and_resize';
    if (identity) continue;
    data = resizeAxis(data, dims, axis, outDims[axis]!, scales[axis]!, rois[axis]!, o);
    dims[axis] = outDims[axis]!;
  }
  const out = tensorOf(x.type, dims);
  if (typeof x.data[0] === 'bigint') for (let i = 0; i < data.length; i++) out.data[i] = BigInt(Math.round(data[i]!));
  else (out.data as Float32Array).set(data);
  return out;
}

function floats(t: HostTensor | undefined): number[] | undefined {
  return t && t.data.length > 0 ? Array.from(t.data as ArrayLike<number>, Number) : undefined;
}

export const resize: Kernel = ([x, roiT, scalesT, sizesT], ctx) => {
  if (!x) return ctx.fail('input is required');
  const { attrs } = ctx;
  if (attrs.int('antialias', 0) !== 0) ctx.fail('antialias is not supported');
  if (attrs.string('keep_aspect_ratio_policy', 'stretch') !== 'stretch') ctx.fail('keep_aspect_ratio_policy other than stretch is not supported');
  const rank = x.dims.length;
  const legacy = ctx.opset < 11; // Resize-10: (X, scales), Upsample's coordinates
  const o: Options = {
    mode: attrs.string('mode', 'nearest'),
    coordinates: legacy ? 'asymmetric' : attrs.string('coordinate_transformation_mode', 'half_pixel'),
    nearestMode: legacy ? 'floor' : attrs.string('nearest_mode', 'round_prefer_floor'),
    cubicA: attrs.float('cubic_coeff_a', -0.75),
    excludeOutside: attrs.int('exclude_outside', 0) !== 0,
    extrapolation: attrs.float('extrapolation_value', 0),
  };
  if (!['nearest', 'linear', 'cubic'].includes(o.mode)) ctx.fail(`mode "${o.mode}" is not nearest, linear or cubic`);
  const axes = (attrs.ints('axes') ?? x.dims.map((_, i) => i)).map((a) => (a < 0 ? a + rank : a));
  const given = legacy ? floats(roiT) : floats(scalesT);
  const sizes = legacy ? undefined : sizesT && sizesT.data.length > 0 ? readInts(sizesT) : undefined;
  const scales = x.dims.map(() => 1);
  const outDims = [...x.dims];
  if (sizes) {
    axes.forEach((a, i) => {
      outDims[a] = sizes[i]!;
      scales[a] = sizes[i]! / x.dims[a]!;
    });
  } else if (given) {
    axes.forEach((a, i) => {
      scales[a] = given[i]!;
      outDims[a] = Math.floor(x.dims[a]! * given[i]!);
    });
  } else {
    return ctx.fail('needs scales or sizes');
  }
  const roiValues = legacy ? undefined : floats(roiT);
  const rois = x.dims.map((): [number, number] => [0, 1]);
  if (roiValues) axes.forEach((a, i) => (rois[a] = [roiValues[i]!, roiValues[axes.length + i]!]));
  return [interpolate(x, outDims, scales, rois, o, ctx)];
};

/** Upsample: scales as an attribute (opset 7) or input (9); Resize-10's coordinates. */
export const upsample: Kernel = ([x, scalesT], ctx) => {
  if (!x) return ctx.fail('input is required');
  const scales = (ctx.opset < 9 ? ctx.attrs.floats('scales') : floats(scalesT)) ?? ctx.fail('scales are required');
  const mode = ctx.attrs.string('mode', 'nearest');
  const o: Options = { mode: mode === 'bilinear' ? 'linear' : mode, coordinates: 'asymmetric', nearestMode: 'floor', cubicA: -0.75, excludeOutside: false, extrapolation: 0 };
  const outDims = x.dims.map((d, i) => Math.floor(d * scales[i]!));
  return [interpolate(x, outDims, scales, x.dims.map((): [number, number] => [0, 1]), o, ctx)];
};
