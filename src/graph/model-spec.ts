/**
 * A model as plain data: an ordered chain of layers plus named parameters.
 *
 * This is the neutral form between the engine and the outside world: the ONNX
 * writer/reader, safetensors and checkpoints all speak it, and `buildModel` turns it
 * into a runnable engine model. Layouts follow PyTorch: conv weight [O,C,kh,kw],
 * linear weight [out,in] (y = x·Wᵀ + b).
 */

export interface ParamData {
  shape: number[];
  data: Float32Array;
}

export interface Conv2dLayer {
  kind: 'conv2d';
  name: string;
  weight: string;
  bias: string | null;
  inChannels: number;
  outChannels: number;
  kernel: [number, number];
  stride: [number, number];
  /** top, left, bottom, right */
  pads: [number, number, number, number];
}

export interface MaxPool2dLayer {
  kind: 'maxpool2d';
  name: string;
  kernel: [number, number];
  stride: [number, number];
  /** top, left, bottom, right */
  pads: [number, number, number, number];
  ceilMode: boolean;
}

export interface LinearLayer {
  kind: 'linear';
  name: string;
  weight: string;
  bias: string | null;
  inFeatures: number;
  outFeatures: number;
}

export interface ActivationLayer {
  kind: 'sigmoid' | 'relu' | 'softmax' | 'flatten';
  name: string;
}

export type LayerSpec = Conv2dLayer | MaxPool2dLayer | LinearLayer | ActivationLayer;

export interface ModelSpec {
  /** Per-image input shape, [C,H,W]. */
  inputShape: [number, number, number];
  layers: LayerSpec[];
  /** Parameters by name (PyTorch names for our architectures: `net.0.weight` …). */
  params: Record<string, ParamData>;
  /** Free-form key/values (class labels, preprocessing, training summary, …). */
  metadata: Record<string, string>;
}

export type Arch = 'lenet5' | 'lenet5-relu';

/**
 * The seed's LeNet5 layer chain; `activation` picks the seed (sigmoid) or ReLU variant,
 * `classes` the width of the last layer (10 for CIFAR-10; your image folders may have more or fewer).
 */
export function lenetLayers(activation: 'sigmoid' | 'relu', classes = 10): LayerSpec[] {
  const conv = (i: number, inC: number, outC: number): Conv2dLayer => ({
    kind: 'conv2d',
    name: `net.${i}`,
    weight: `net.${i}.weight`,
    bias: `net.${i}.bias`,
    inChannels: inC,
    outChannels: outC,
    kernel: [5, 5],
    stride: [1, 1],
    pads: [0, 0, 0, 0],
  });
  const pool = (i: number): MaxPool2dLayer => ({
    kind: 'maxpool2d',
    name: `net.${i}`,
    kernel: [2, 2],
    stride: [2, 2],
    pads: [0, 0, 0, 0],
    ceilMode: false,
  });
  const act = (i: number): ActivationLayer => ({ kind: activation, name: `net.${i}` });
  const linear = (i: number, inF: number, outF: number): LinearLayer => ({
    kind: 'linear',
    name: `net.${i}`,
    weight: `net.${i}.weight`,
    bias: `net.${i}.bias`,
    inFeatures: inF,
    outFeatures: outF,
  });
  return [
    conv(0, 3, 6),
    act(1),
    pool(2),
    conv(3, 6, 16),
    act(4),
    pool(5),
    conv(6, 16, 120),
    { kind: 'flatten', name: 'net.7' },
    linear(8, 120, 84),
    act(9),
    linear(10, 84, classes),
  ];
}

export function archLayers(arch: Arch, classes = 10): LayerSpec[] {
  return lenetLayers(arch === 'lenet5' ? 'sigmoid' : 'relu', classes);
}

/** The ten CIFAR-10 class names in label order. */
export const CIFAR10_CLASSES = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
] as const;
