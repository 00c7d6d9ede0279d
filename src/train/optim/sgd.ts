/** SGD with momentum, Nesterov and L2 weight decay, matching torch.optim.SGD. */
import type { Optimizer, OptimizerState, NamedParams } from './optimizer.js';
import { dropGrads, gradOf } from './optimizer.js';
import { StateBuffers } from './state-buffers.js';

export interface SgdConfig {
  lr: number;
  momentum?: number;
  weightDecay?: number;
  nesterov?: boolean;
}

export class Sgd implements Optimizer {
  readonly kind = 'sgd';
  lr: number;
  stepCount = 0;
  private readonly buffers: StateBuffers;

  constructor(
    private readonly params: NamedParams,
    private readonly config: SgdConfig,
  ) {
    this.lr = config.lr;
    this.buffers = new StateBuffers(params, ['velocity']);
  }

  step(): void {
    const o = {
      lr: this.lr,
      momentum: this.config.momentum ?? 0,
      weightDecay: this.config.weightDecay ?? 0,
      nesterov: this.config.nesterov ?? false,
      dampening: 0,
    };
    for (const [name, p] of this.params)
      p.backend.sgdStep(p.storage, gradOf(name, p).storage, this.buffers.get('velocity', name), o);
    this.stepCount++;
  }

  zeroGrad(): void {
    dropGrads(this.params);
  }

  async state(): Promise<OptimizerState> {
    return { kind: 'sgd', step: this.stepCount, buffers: await this.buffers.read() };
  }

  loadState(state: OptimizerState): void {
    if (state.kind !== 'sgd') throw new Error(`optimizer: checkpoint holds ${state.kind} state, not sgd`);
    this.buffers.load(state.buffers);
    this.stepCount = state.step;
  }

  dispose(): void {
    this.buffers.dispose();
  }
}
