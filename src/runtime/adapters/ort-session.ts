/**
 * The part of an onnxruntime session both ORT packages share (onnxruntime-node and
 * onnxruntime-web expose the same onnxruntime-common API): any feeds in, the named
 * fetches out, as HostTensors (see ort-tensors.ts).
 *
 * The module is typed structurally with just what we call, so either package fits.
 */
import type { HostTensor } from '../../graph/host-tensor.js';
import type { RuntimeSession } from '../runtime.js';
import { fromOrtTensor, toOrtTensor, type OrtTensor, type OrtTensorConstructor } from './ort-tensors.js';

export type { OrtTensor } from './ort-tensors.js';

export interface OrtInferenceSession {
  run(feeds: Record<string, OrtTensor>, fetches: string[]): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}

export interface OrtModule {
  InferenceSession: { create(model: string | Uint8Array, options?: object): Promise<OrtInferenceSession> };
  Tensor: OrtTensorConstructor;
  env: { versions?: Record<string, string | undefined> };
}

/** One run through an ORT session, HostTensors on both sides. */
export async function runOrt(ort: Pick<OrtModule, 'Tensor'>, session: OrtInferenceSession, feeds: ReadonlyMap<string, HostTensor>, fetches: readonly string[]): Promise<Map<string, HostTensor>> {
  const ortFeeds: Record<string, OrtTensor> = {};
  for (const [name, t] of feeds) ortFeeds[name] = toOrtTensor(ort.Tensor, name, t);
  const results = await session.run(ortFeeds, [...fetches]);
  return new Map(fetches.map((name) => [name, fromOrtTensor(name, results[name])]));
}

export class OrtSession implements RuntimeSession {
  readonly maxBatch = null;
  private closed = false;

  constructor(
    private readonly ort: OrtModule,
    private readonly session: OrtInferenceSession,
    readonly provider: string,
  ) {}

  run(feeds: ReadonlyMap<string, HostTensor>, fetches: readonly string[]): Promise<Map<string, HostTensor>> {
    return runOrt(this.ort, this.session, feeds, fetches);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.session.release();
  }
}
