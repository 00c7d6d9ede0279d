/** Adam / AdamW, matching torch.optim.Adam (L2) and torch.optim.AdamW (decoupled decay). */
import { BufferedOptimizer } from './buffered-optimizer.js';
import { gradOf, type NamedParams } from './optimizer.js';

export interface AdamConfig {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  decoupled?: boolean;
}

export class Adam extends BufferedOptimizer {
  readonly kind = 'adam';

  constructor(
    params: NamedParams,
    private readonly config: AdamConfig,
  ) {
    super(params, config.lr, ['m', 'v']);
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
}
