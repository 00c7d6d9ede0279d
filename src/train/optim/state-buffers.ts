/** Per-parameter state buffers living on the parameters' backend. */
import type { Storage } from '../../graph/backend.js';
import type { NamedParams } from './optimizer.js';

export class StateBuffers {
  private readonly buffers = new Map<string, Storage>();

  constructor(
    private readonly params: NamedParams,
    slots: readonly string[],
  ) {
    for (const [name, p] of params)
      for (const slot of slots) this.buffers.set(`${slot}/${name}`, p.backend.zeros(p.size));
  }

  get(slot: string, param: string): Storage {
    return this.buffers.get(`${slot}/${param}`)!;
  }

  async read(): Promise<Record<string, Float32Array>> {
    const out: Record<string, Float32Array> = {};
    for (const [key, s] of this.buffers) out[key] = Float32Array.from(await this.backendOf(key).read(s));
    return out;
  }

  load(saved: Record<string, Float32Array>): void {
    for (const [key, s] of this.buffers) {
      const data = saved[key];
      if (!data || data.length !== s.size)
        throw new Error(`optimizer: saved state ${key} is missing or has ${data?.length ?? 0} values, expected ${s.size}`);
      const be = this.backendOf(key);
      const fresh = be.upload(data);
      be.fill(s, 0);
      be.addInPlace(s, fresh);
      be.dispose(fresh);
    }
  }

  dispose(): void {
    for (const [key, s] of this.buffers) this.backendOf(key).dispose(s);
    this.buffers.clear();
  }

  private backendOf(key: string) {
    return this.params.get(key.slice(key.indexOf('/') + 1))!.backend;
  }
}
