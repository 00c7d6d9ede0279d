/**
 * Accumulates the ModelSpec layer chain while the reader walks the graph. Layers and
 * their parameters get canonical PyTorch-style names by chain position (`net.0`,
 * `net.0.weight`, …), so the seed's LeNet5 keeps the names its state_dict uses.
 */
import type { ActivationValue } from './activation-value.js';
import type { Conv2dLayer, LayerSpec, LinearLayer, ParamData } from '../../graph/model-spec.js';
import { layerOutputShape } from '../chain-shapes.js';

export interface WindowGeometry {
  kernel: [number, number];
  stride: [number, number];
  /** top, left, bottom, right */
  pads: [number, number, number, number];
}

export class ChainBuilder {
  readonly layers: LayerSpec[] = [];
  readonly params: Record<string, ParamData> = {};
  /** The activation each layer consumed, by layer index. */
  readonly layerInputs: ActivationValue[] = [];

  constructor(private readonly source: string) {}

  private nextName(): string {
    return `net.${this.layers.length}`;
  }

  private push(layer: LayerSpec, input: ActivationValue, where: string): ActivationValue {
    const shape = layerOutputShape(layer, input.shape, this.params, `${this.source}: ${where}`);
    this.layers.push(layer);
    this.layerInputs.push(input);
    return { kind: 'activation', shape, batch: input.batch, layer: this.layers.length - 1, consumer: null };
  }

  addConv(
    input: ActivationValue,
    geometry: WindowGeometry,
    weight: ParamData,
    bias: Float32Array | null,
    where: string,
  ): ActivationValue {
    const name = this.nextName();
    const [outChannels, inChannels] = weight.shape as [number, number];
    this.params[`${name}.weight`] = weight;
    if (bias) this.params[`${name}.bias`] = { shape: [outChannels], data: bias };
    const layer: LayerSpec = {
      kind: 'conv2d',
      name,
      weight: `${name}.weight`,
      bias: bias ? `${name}.bias` : null,
      inChannels,
      outChannels,
      ...geometry,
    };
    return this.push(layer, input, where);
  }

  addMaxPool(input: ActivationValue, geometry: WindowGeometry, ceilMode: boolean, where: string): ActivationValue {
    return this.push({ kind: 'maxpool2d', name: this.nextName(), ...geometry, ceilMode }, input, where);
  }

  /** A fully connected layer; `weight` is [out, in] as PyTorch stores it. */
  addLinear(input: ActivationValue, weight: ParamData, bias: Float32Array | null, where: string): ActivationValue {
    const name = this.nextName();
    const [outFeatures, inFeatures] = weight.shape as [number, number];
    this.params[`${name}.weight`] = weight;
    if (bias) this.params[`${name}.bias`] = { shape: [outFeatures], data: bias };
    const layer: LayerSpec = {
      kind: 'linear',
      name,
      weight: `${name}.weight`,
      bias: bias ? `${name}.bias` : null,
      inFeatures,
      outFeatures,
    };
    return this.push(layer, input, where);
  }

  addElementwise(input: ActivationValue, kind: 'sigmoid' | 'relu' | 'softmax' | 'flatten', where: string): ActivationValue {
    return this.push({ kind, name: this.nextName() }, input, where);
  }

  /** The conv/linear layer that produced `value`, if it is the newest layer. */
  biasTarget(value: ActivationValue): Conv2dLayer | LinearLayer | null {
    const layer = this.layers[value.layer];
    if (value.layer !== this.layers.length - 1 || !layer) return null;
    return layer.kind === 'conv2d' || layer.kind === 'linear' ? layer : null;
  }

  /** Fold a constant added after a conv/linear layer into its bias (created if absent). */
  addToBias(layer: Conv2dLayer | LinearLayer, values: Float32Array): void {
    if (layer.bias === null) {
      layer.bias = `${layer.name}.bias`;
      this.params[layer.bias] = { shape: [values.length], data: values.slice() };
      return;
    }
    const bias = this.params[layer.bias]!.data;
    for (let i = 0; i < bias.length; i++) bias[i]! += values[i]!;
  }
}
