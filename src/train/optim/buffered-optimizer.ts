/** What SGD and Adam share: the learning rate, the step count and their state buffers. */
import type { NamedParams, Optimizer, OptimizerState } from './optimizer.js';
import { dropGrads } from './optimizer.js';
import { StateBuffers } from './state-buffers.js';

export abstract class BufferedOptimizer implements Optimizer {
  abstract readonly kind: OptimizerState['kind'];
  stepCount = 0;
  protected readonly buffers: StateBuffers;

  constructor(
    protected readonly params: NamedParams,
    public lr: number,
    slots: readonly string[],
  ) {
    this.buffers = new StateBuffers(params, slots);
  }

  abstract step(): void;

  zeroGrad(): void {
    dropGrads(this.params);
  }

  async state(): Promise<OptimizerState> {
    return { kind: this.kind, step: this.stepCount, buffers: await this.buffers.read() };
  }

  loadState(state: OptimizerState): void {
    if (state.kind !== this.kind) throw new Error(`optimizer: checkpoint holds ${state.kind} state, not ${this.kind}`);
    this.buffers.load(state.buffers);
    this.stepCount = state.step;
  }

  dispose(): void {
    this.buffers.dispose();
  }
}
