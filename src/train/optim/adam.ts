/** Adam / AdamW, matching torch.optim.Adam (L2) and torch.optim.AdamW (decoupled decay). */
import type { Optimizer, OptimizerState, NamedParams } from './optimizer.js';
import { dropGrads, gradOf } from './optimizer.js';
import { StateBuffers } from './state-buffers.js';

export interface AdamConfig {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  decoupled?: boolean;
}

export class Adam implements Optimizer {
  readonly kind = 'adam';
  lr: number;
  stepCount = 0;
  private readonly buffers: StateBuffers;

  constructor(
    private readonly params: NamedParams,
    private readonly config: AdamConfig,
  ) {
    this.lr = config.lr;
    this.buffers = new StateBuffers(params, ['m', 'v']);
  }

  step(): void {
    this.stepCount++;
    const o = {
      lr: this.lr,
      beta1: this.config.beta1 ?? 0.9,
      beta2: this.config.beta2 ?? 0.999,
      eps: this.config.eps ?? 1e-8,
      weightDecay: this.config.weightDecay ?? 0,
      decoupled: this.config.decoupled ?? false,
      step: this.stepCount,
    };
    for (const [name, p] of this.params)
      p.backend.adamStep(p.storage, gradOf(name, p).storage, this.buffers.get('m', name), this.buffers.get('v', name), o);
  }

  zeroGrad(): void {
    dropGrads(this.params);
  }

  async state(): Promise<OptimizerState> {
    return { kind: 'adam', step: this.stepCount, buffers: await this.buffers.read() };
  }

  loadState(state: OptimizerState): void {
    if (state.kind !== 'adam') throw new Error(`optimizer: checkpoint holds ${state.kind} state, not adam`);
    this.buffers.load(state.buffers);
    this.stepCount = state.step;
  }

  dispose(): void {
    this.buffers.dispose();
  }
}
