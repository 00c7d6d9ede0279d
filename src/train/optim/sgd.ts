/** SGD with momentum, Nesterov and L2 weight decay, matching torch.optim.SGD. */
import { BufferedOptimizer } from './buffered-optimizer.js';
import { gradOf, type NamedParams } from './optimizer.js';

export interface SgdConfig {
  lr: number;
  momentum?: number;
  weightDecay?: number;
  nesterov?: boolean;
}

export class Sgd extends BufferedOptimizer {
  readonly kind = 'sgd';

  constructor(
    params: NamedParams,
    private readonly config: SgdConfig,
  ) {
    super(params, config.lr, ['velocity']);
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
}
