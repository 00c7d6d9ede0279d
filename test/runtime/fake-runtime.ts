/**
 * In-memory runtimes for testing the parity logic without any real inference: each
 * image's "logits" are a fixed function of its first pixel, optionally perturbed.
 */
import type { HostTensor } from '../../src/graph/host-tensor.js';
import type { OpenResult, Runtime } from '../../src/runtime/runtime.js';
import { IMAGE_VALUES } from '../../src/runtime/run-batches.js';

export const FAKE_CLASSES = 10;

/** Class (tag mod 10) scores 5, the others their index / 10. */
export function fakeLogits(tag: number): number[] {
  return Array.from({ length: FAKE_CLASSES }, (_, c) => (c === tag % FAKE_CLASSES ? 5 : c / 10));
}

export type FakeBehaviour =
  | { kind: 'ok'; perturb?: (row: number[], image: number) => void; provider?: string }
  | { kind: 'unavailable'; reason: string }
  | { kind: 'throws-on-run'; message: string };

export function fakeRuntime(name: string, behaviour: FakeBehaviour = { kind: 'ok' }): Runtime & { closed: number } {
  const runtime = {
    name,
    description: `fake ${name}`,
    environment: 'node' as const,
    closed: 0,
    async open(): Promise<OpenResult> {
      if (behaviour.kind === 'unavailable') return { available: false, reason: behaviour.reason };
      let seen = 0;
      return {
        available: true,
        session: {
          provider: behaviour.kind === 'ok' ? (behaviour.provider ?? `${name} provider`) : `${name} provider`,
          maxBatch: null,
          async run(feeds: ReadonlyMap<string, HostTensor>, fetches: readonly string[]) {
            if (behaviour.kind === 'throws-on-run') throw new Error(`${behaviour.message}\n    at somewhere (stack line)`);
            const image = feeds.values().next().value!;
            const input = image.data as Float32Array;
            const batch = image.dims[0]!;
            const out: number[] = [];
            for (let i = 0; i < batch; i++) {
              const row = fakeLogits(Math.round(input[i * IMAGE_VALUES]! * 255));
              behaviour.perturb?.(row, seen + i);
              out.push(...row);
            }
            seen += batch;
            const logits: HostTensor = { type: 'float32', dims: [batch, FAKE_CLASSES], data: Float32Array.from(out) };
            return new Map(fetches.map((name) => [name, logits]));
          },
          async close() {
            runtime.closed++;
          },
        },
      };
    },
  };
  return runtime;
}
