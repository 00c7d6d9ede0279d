/**
 * Turns a ModelSpec into a runnable model on a backend: parameters become leaf
 * tensors (requiresGrad), and `forward` runs the layer chain with our ops.
 */
import type { Backend, ForwardPlan, ForwardStep, UnaryOp } from '../backend.js';
import type { LayerSpec, ModelSpec } from '../model-spec.js';
import { conv2d, conv2dMaxPool, flatten, linear, maxPool2d, relu, sigmoid, softmax } from '../ops/index.js';
import { formatShape } from '../format-shape.js';
import { conv2dGeometry } from '../ops/conv2d.js';
import { pool2dGeometry } from '../ops/maxpool2d.js';
import { Tensor, shapeSize, tensorFrom } from '../tensor.js';
import { keep } from '../scope.js';

/** A conv/linear followed by sigmoid/relu runs as one fused op: the activation it takes, if any. */
function fusedActivation(layer: LayerSpec, next: LayerSpec | undefined): UnaryOp | undefined {
  return (layer.kind === 'conv2d' || layer.kind === 'linear') && (next?.kind === 'sigmoid' || next?.kind === 'relu') ? next.kind : undefined;
}

export class Model {
  constructor(
    readonly backend: Backend,
    readonly layers: readonly LayerSpec[],
    readonly inputShape: readonly [number, number, number],
    /** Parameters in layer order, by PyTorch name. */
    readonly params: Map<string, Tensor>,
    public metadata: Record<string, string>,
  ) {}

  forward(x: Tensor): Tensor {
    const [c, h, w] = this.inputShape;
    if (x.shape.length !== 4 || x.shape[1] !== c || x.shape[2] !== h || x.shape[3] !== w)
      throw new Error(`model: input ${formatShape(x.shape)} must be [N,${c},${h},${w}]`);
    let y = x;
    for (let i = 0; i < this.layers.length; i++) {
      const layer = this.layers[i]!;
      const activation = fusedActivation(layer, this.layers[i + 1]);
      const pool = this.layers[i + 2];
      if (layer.kind === 'conv2d' && activation && pool?.kind === 'maxpool2d') {
        // One op, pooled before the activation (see ops/conv2d-maxpool.ts).
        y = conv2dMaxPool(y, this.param(layer.weight)!, this.param(layer.bias), { stride: layer.stride, pads: layer.pads },
          { kernel: pool.kernel, stride: pool.stride, pads: pool.pads, ceilMode: pool.ceilMode }, activation);
        i += 2;
        continue;
      }
      y = this.runLayer(layer, y, activation);
      if (activation) i++;
    }
    return y;
  }

  /**
   * The forward pass compiled for inference on this backend (weights as they are now),
   * or null where the backend compiles none: then use `forward` under noGrad.
   */
  compileForward(): ForwardPlan | null {
    if (!this.backend.compileForward) return null;
    const steps: ForwardStep[] = [];
    let shape: number[] = [1, ...this.inputShape];
    for (let i = 0; i < this.layers.length; i++) {
      const l = this.layers[i]!;
      const activation = fusedActivation(l, this.layers[i + 1]) ?? null;
      if (activation) i++;
      switch (l.kind) {
        case 'conv2d': {
          const weight = this.param(l.weight)!;
          const g = conv2dGeometry(shape, weight.shape, { stride: l.stride, pads: l.pads });
          steps.push({ kind: 'conv2d', g, weight: weight.storage, bias: this.param(l.bias)?.storage ?? null, activation });
          shape = [1, g.outChannels, g.outHeight, g.outWidth];
          break;
        }
        case 'maxpool2d': {
          const g = pool2dGeometry(shape, { kernel: l.kernel, stride: l.stride, pads: l.pads, ceilMode: l.ceilMode });
          steps.push({ kind: 'maxPool2d', g });
          shape = [1, g.channels, g.outHeight, g.outWidth];
          break;
        }
        case 'flatten':
          shape = [1, shapeSize(shape)];
          break;
        case 'linear':
          if (shape.length !== 2 || shape[1] !== l.inFeatures)
            throw new Error(`model: linear layer ${l.name} gets input ${formatShape(shape)}, expects [N,${l.inFeatures}]`);
          steps.push({ kind: 'linear', inFeatures: l.inFeatures, outFeatures: l.outFeatures, weight: this.param(l.weight)!.storage,
            bias: this.param(l.bias)?.storage ?? null, activation });
          shape = [1, l.outFeatures];
          break;
        case 'sigmoid':
        case 'relu':
          steps.push({ kind: 'activation', activation: l.kind, size: shapeSize(shape) });
          break;
        case 'softmax':
          if (shape.length !== 2) throw new Error(`model: softmax layer ${l.name} gets input ${formatShape(shape)}, expects [N,classes]`);
          steps.push({ kind: 'softmax', classes: shape[1]! });
          break;
      }
    }
    return this.backend.compileForward(steps, shapeSize(this.inputShape));
  }

  private param(name: string | null): Tensor | null {
    if (name === null) return null;
    const p = this.params.get(name);
    if (!p) throw new Error(`model: parameter ${name} is missing`);
    return p;
  }

  private runLayer(l: LayerSpec, x: Tensor, activation?: UnaryOp): Tensor {
    switch (l.kind) {
      case 'conv2d':
        return conv2d(x, this.param(l.weight)!, this.param(l.bias), { stride: l.stride, pads: l.pads }, activation);
      case 'maxpool2d':
        return maxPool2d(x, { kernel: l.kernel, stride: l.stride, pads: l.pads, ceilMode: l.ceilMode });
      case 'linear':
        return linear(x, this.param(l.weight)!, this.param(l.bias), activation);
      case 'sigmoid':
        return sigmoid(x);
      case 'relu':
        return relu(x);
      case 'flatten':
        return flatten(x);
      case 'softmax':
        return softmax(x);
    }
  }

  parameters(): Tensor[] {
    return [...this.params.values()];
  }

  /** Reads the weights back into a plain ModelSpec (async: they may live on a GPU). */
  async toSpec(): Promise<ModelSpec> {
    const params: ModelSpec['params'] = {};
    for (const [name, t] of this.params) params[name] = { shape: [...t.shape], data: Float32Array.from(await t.data()) };
    return { inputShape: [...this.inputShape], layers: [...this.layers], params, metadata: { ...this.metadata } };
  }

  /** Overwrites parameters in place from a spec with the same names and shapes. */
  loadParams(source: ModelSpec['params']): void {
    for (const [name, t] of this.params) {
      const p = source[name];
      if (!p) throw new Error(`model: parameter ${name} is missing from the weights`);
      if (formatShape(p.shape) !== formatShape(t.shape))
        throw new Error(`model: parameter ${name} has shape ${formatShape(p.shape)}, expected ${formatShape(t.shape)}`);
      const fresh = this.backend.upload(p.data);
      this.backend.fill(t.storage, 0);
      this.backend.addInPlace(t.storage, fresh);
      this.backend.dispose(fresh);
    }
  }

  dispose(): void {
    for (const p of this.params.values()) p.dispose();
  }
}

export function buildModel(spec: ModelSpec, backend: Backend): Model {
  const params = new Map<string, Tensor>();
  for (const l of spec.layers) {
    if (l.kind !== 'conv2d' && l.kind !== 'linear') continue;
    for (const name of [l.weight, l.bias]) {
      if (name === null) continue;
      const p = spec.params[name];
      if (!p) throw new Error(`model: layer ${l.name} needs parameter ${name}, which is missing`);
      params.set(name, keep(tensorFrom(backend, p.shape, p.data, true)));
    }
  }
  return new Model(backend, spec.layers, spec.inputShape, params, { ...spec.metadata });
}
