/**
 * The part of an onnxruntime session both ORT packages share (onnxruntime-node and
 * onnxruntime-web expose the same onnxruntime-common API): feed the image batch, fetch
 * only the compared output, check its shape.
 *
 * The module is typed structurally with just what we call, so either package fits.
 */
import { formatShape } from '../../graph/format-shape.js';
import type { ModelUnderTest } from '../model-under-test.js';
import type { NamedTensor, RuntimeSession } from '../runtime.js';

export interface OrtTensor {
  readonly dims: readonly number[];
  readonly type: string;
  readonly data: unknown;
}

export interface OrtInferenceSession {
  run(feeds: Record<string, OrtTensor>, fetches: string[]): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}

export interface OrtModule {
  InferenceSession: { create(model: string | Uint8Array, options?: object): Promise<OrtInferenceSession> };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensor;
  env: { versions?: Record<string, string | undefined> };
}

export class OrtSession implements RuntimeSession {
  readonly maxBatch = null;
  private closed = false;

  constructor(
    private readonly ort: OrtModule,
    private readonly session: OrtInferenceSession,
    private readonly model: ModelUnderTest,
    readonly provider: string,
  ) {}

  async run(input: Float32Array, batch: number): Promise<Float32Array> {
    const { compared } = this.model.io;
    const result = (await this.runNamed(input, batch, [compared.name])).get(compared.name)!;
    if (result.dims.length !== 2 || result.dims[0] !== batch) {
      throw new Error(`output "${compared.name}" has shape ${formatShape(result.dims)}, expected [${batch},classes]`);
    }
    return result.data;
  }

  async runNamed(input: Float32Array, batch: number, names: readonly string[]): Promise<Map<string, NamedTensor>> {
    const feeds = { [this.model.io.inputName]: new this.ort.Tensor('float32', input, [batch, 3, 32, 32]) };
    const results = await this.session.run(feeds, [...names]);
    const tensors = new Map<string, NamedTensor>();
    for (const name of names) {
      const t = results[name];
      if (!t || t.type !== 'float32' || !(t.data instanceof Float32Array)) {
        throw new Error(`output "${name}" is ${t ? t.type : 'missing'}, expected float32`);
      }
      // A copy: the tensor's buffer belongs to the session (and to wasm memory on the web).
      tensors.set(name, { dims: [...t.dims], data: t.data.slice() });
    }
    return tensors;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.session.release();
  }
}
