/**
 * Folds per-channel input normalisation ((x − mean) / std) into the first conv layer,
 * so an exported model takes plain ToTensor input (x/255) whatever the training used:
 *   Σ w·(x − m)/s + b  =  Σ (w/s)·x + (b − Σ w·m/s)
 * Exact up to float32 rounding when the conv has no zero padding (padding would see
 * raw zeros where training saw normalised zeros), which is checked.
 */
import type { ModelSpec } from './model-spec.js';

export function foldInputNormalization(spec: ModelSpec, mean: readonly number[], std: readonly number[]): ModelSpec {
  const first = spec.layers[0];
  if (!first || first.kind !== 'conv2d') throw new Error('fold normalisation: the first layer must be a conv2d');
  if (first.pads.some((p) => p !== 0)) throw new Error(`fold normalisation: ${first.name} pads its input, so folding would not be exact`);
  if (mean.length !== first.inChannels || std.length !== first.inChannels)
    throw new Error(`fold normalisation: mean/std need ${first.inChannels} values`);
  const w = spec.params[first.weight]!;
  const [outC, inC, kh, kw] = w.shape as [number, number, number, number];
  const taps = kh * kw;
  const newW = new Float32Array(w.data.length);
  const bias = first.bias ? spec.params[first.bias]!.data : new Float32Array(outC);
  const newB = new Float32Array(outC);
  for (let o = 0; o < outC; o++) {
    let shift = 0;
    for (let c = 0; c < inC; c++)
      for (let t = 0; t < taps; t++) {
        const i = (o * inC + c) * taps + t;
        newW[i] = w.data[i]! / std[c]!;
        shift += (w.data[i]! * mean[c]!) / std[c]!;
      }
    newB[o] = bias[o]! - shift;
  }
  const biasName = first.bias ?? `${first.name}.bias`;
  return {
    ...spec,
    layers: [{ ...first, bias: biasName }, ...spec.layers.slice(1)],
    params: { ...spec.params, [first.weight]: { shape: w.shape, data: newW }, [biasName]: { shape: [outC], data: newB } },
  };
}
