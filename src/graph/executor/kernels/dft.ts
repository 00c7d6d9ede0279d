/**
 * DFT and STFT (opset 17). DFT along one axis of a real ([…, 1]) or complex ([…, 2]) signal, forward
 * or inverse (scaled by 1/N), optionally one-sided, with dft_length padding with zeros
 * or truncating. Direct O(N²) sums in float64: exact zeros stay zero, so ONNX's tight
 * absolute tolerance holds where a float32 FFT misses it. STFT windows frames of the
 * signal frame_step apart and transforms each.
 */
import { elementCount } from '../../host-tensor.js';
import type { Kernel } from '../kernel.js';
import { floatData, normalizeAxis, scalarValue, tensorOf } from './tensor-values.js';

/** Writes bins 0…bins-1 of the length-n DFT of `count` samples (re, im from `sample`) at out[to + 2k], out[to + 2k + 1]. */
function transform(sample: (t: number) => [number, number], count: number, n: number, bins: number, inverse: boolean, out: { [i: number]: number }, to: number, step = 2): void {
  const sign = inverse ? 1 : -1;
  for (let k = 0; k < bins; k++) {
    let re = 0;
    let im = 0;
    for (let t = 0; t < Math.min(n, count); t++) {
      const [a, b] = sample(t);
      // exp(sign·2πi·k·t/n), with k·t reduced mod n so the angle stays exact for large products
      const angle = (sign * 2 * Math.PI * ((k * t) % n)) / n;
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      re += a * c - b * s;
      im += a * s + b * c;
    }
    out[to + k * step] = inverse ? re / n : re;
    out[to + k * step + 1] = inverse ? im / n : im;
  }
}

export const dft: Kernel = ([x, lengthT], ctx) => {
  if (!x) return ctx.fail('input is required');
  const src = floatData(x, ctx);
  const rank = x.dims.length;
  const parts = x.dims[rank - 1]!;
  if (parts !== 1 && parts !== 2) ctx.fail(`the last dim is ${parts}; it must be 1 (real) or 2 (complex)`);
  const axis = normalizeAxis(ctx.attrs.int('axis', 1), rank - 1, ctx);
  const inverse = ctx.attrs.int('inverse', 0) === 1;
  const onesided = ctx.attrs.int('onesided', 0) === 1;
  const inLen = x.dims[axis]!;
  const n = lengthT ? scalarValue(lengthT, ctx, 'dft_length') : inLen;
  const outLen = onesided ? Math.floor(n / 2) + 1 : n;
  const dims = x.dims.map((d, i) => (i === axis ? outLen : i === rank - 1 ? 2 : d));
  const out = tensorOf(x.type, dims);
  const outer = elementCount(x.dims.slice(0, axis));
  const inner = elementCount(x.dims.slice(axis + 1, rank - 1));
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const sample = (t: number): [number, number] => {
        const at = ((o * inLen + t) * inner + i) * parts;
        return [src[at]!, parts === 2 ? src[at + 1]! : 0];
      };
      transform(sample, inLen, n, outLen, inverse, out.data as Float64Array, (o * outLen * inner + i) * 2, inner * 2);
    }
  }
  return [out];
};

export const stft: Kernel = ([signal, stepT, windowT, lengthT], ctx) => {
  if (!signal || !stepT) return ctx.fail('needs signal and frame_step');
  const src = floatData(signal, ctx, 'signal');
  const [batch, length, parts] = signal.dims as [number, number, number];
  const step = scalarValue(stepT, ctx, 'frame_step');
  const window = windowT ? floatData(windowT, ctx, 'window') : null;
  const frame = lengthT ? scalarValue(lengthT, ctx, 'frame_length') : window ? window.length : ctx.fail('needs window or frame_length');
  const bins = ctx.attrs.int('onesided', 1) === 1 ? Math.floor(frame / 2) + 1 : frame;
  const frames = Math.floor((length - frame) / step) + 1;
  const out = tensorOf(signal.type, [batch, frames, bins, 2]);
  for (let b = 0; b < batch; b++) {
    for (let f = 0; f < frames; f++) {
      const sample = (t: number): [number, number] => {
        const at = (b * length + f * step + t) * parts;
        const w = window ? window[t]! : 1;
        return [src[at]! * w, parts === 2 ? src[at + 1]! * w : 0];
      };
      transform(sample, frame, frame, bins, false, out.data as Float64Array, (b * frames + f) * bins * 2);
    }
  }
  return [out];
};
