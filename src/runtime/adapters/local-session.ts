/** A RuntimeSession over a model that runs in this JavaScript realm (the engine's chain path or graph executor). */
import type { HostTensor } from '../../graph/host-tensor.js';
import type { RuntimeSession } from '../runtime.js';

export interface LocalModel {
  run(feeds: ReadonlyMap<string, HostTensor>, fetches: readonly string[]): Promise<Map<string, HostTensor>>;
  dispose(): void;
}

export class LocalSession implements RuntimeSession {
  constructor(
    private readonly model: LocalModel,
    readonly provider: string,
    readonly maxBatch: number | null = null,
  ) {}

  run(feeds: ReadonlyMap<string, HostTensor>, fetches: readonly string[]): Promise<Map<string, HostTensor>> {
    return this.model.run(feeds, fetches);
  }

  async close(): Promise<void> {
    this.model.dispose();
  }
}
