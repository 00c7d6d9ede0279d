/**
 * MelWeightMatrix: [dft_length/2 + 1, num_mel_bins] triangular filters spaced evenly on
 * the mel scale (2595·log10(1 + f/700)) between the lower and upper edge frequencies,
 * with bin edges snapped to DFT bins as the ONNX reference computes them.
 */
import type { Kernel } from '../kernel.js';
import { elementTypeOfCode, scalarValue, tensorOf } from './tensor-values.js';

export const melWeightMatrix: Kernel = ([binsT, dftT, rateT, lowT, highT], ctx) => {
  if (!binsT || !dftT || !rateT || !lowT || !highT) return ctx.fail('needs num_mel_bins, dft_length, sample_rate, lower_edge_hertz, upper_edge_hertz');
  const bins = scalarValue(binsT, ctx, 'num_mel_bins');
  const dft = scalarValue(dftT, ctx, 'dft_length');
  const rate = scalarValue(rateT, ctx, 'sample_rate');
  const toMel = (hz: number) => 2595 * Math.log10(1 + hz / 700);
  const lowMel = toMel(scalarValue(lowT, ctx, 'lower_edge_hertz'));
  const step = (toMel(scalarValue(highT, ctx, 'upper_edge_hertz')) - lowMel) / (bins + 2);
  const edge = Array.from({ length: bins + 2 }, (_, i) => {
    const hz = 700 * (10 ** ((i * step + lowMel) / 2595) - 1);
    return Math.trunc(Math.floor(((dft + 1) * hz) / rate));
  });
  const spectrogram = Math.floor(dft / 2) + 1;
  const code = ctx.attrs.int('output_datatype', 1);
  const type = elementTypeOfCode(code, ctx, 'output_datatype');
  const out = tensorOf(ctx.floatStorage(type), [spectrogram, bins]);
  for (let i = 0; i < bins; i++) {
    const [left, center, right] = [edge[i]!, edge[i + 1]!, edge[i + 2]!];
    if (center === left) out.data[center * bins + i] = 1;
    else for (let j = left; j <= center; j++) out.data[j * bins + i] = (j - left) / (center - left);
    for (let j = center; j < right; j++) out.data[j * bins + i] = (right - j) / (right - center);
  }
  return [out];
};
