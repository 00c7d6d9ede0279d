/**
 * ort-web-webgl in the lab: onnxruntime-web's WebGL execution provider takes fixed
 * shapes only (it checks every feed against the declared dims), so a model with a
 * symbolic batch — most PyTorch exports — is opened again for each set of fed shapes on
 * a copy whose symbolic input dims are bound to them (`bindInputDims`, as the browser
 * bench does). What ran says which binding. verify-parity's ort-web-webgl does not bind:
 * there such a model fails with ORT's message.
 */
import { bindInputDims } from '../../../src/export/bind-input-dims.js';
import type { HostTensor } from '../../../src/graph/host-tensor.js';
import type { ModelUnderTest } from '../../../src/runtime/model-under-test.js';
import type { OpenResult, Runtime, RuntimeSession } from '../../../src/runtime/runtime.js';
import { openOrtWeb } from '../runtimes/ort-web.js';

/** Symbolic dim name → the size the feeds give it, as `batch=2`. */
function bindings(model: ModelUnderTest, feeds: ReadonlyMap<string, HostTensor>): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const input of model.io.inputs) {
    const fed = feeds.get(input.name);
    input.dims?.forEach((d, i) => {
      if (typeof d === 'string' && fed && fed.dims[i] !== undefined) sizes.set(d, fed.dims[i]!);
    });
  }
  return sizes;
}

const text = (sizes: ReadonlyMap<string, number>) => [...sizes].map(([name, size]) => `${name}=${size}`).join(', ');

class BoundSession implements RuntimeSession {
  readonly maxBatch = null;
  private session: RuntimeSession | null = null;
  private bound = '';

  constructor(private readonly model: ModelUnderTest) {}

  get provider(): string {
    return this.session ? `${this.session.provider}, symbolic dims bound to the fed shapes (${this.bound})` : 'onnxruntime-web, WebGL execution provider (not run yet)';
  }

  async run(feeds: ReadonlyMap<string, HostTensor>, fetches: readonly string[]): Promise<Map<string, HostTensor>> {
    const sizes = bindings(this.model, feeds);
    if (!this.session || text(sizes) !== this.bound) {
      await this.session?.close();
      this.session = null;
      const bytes = bindInputDims(this.model.bytes, this.model.path ?? 'model.onnx', sizes);
      const opened = await openOrtWeb({ ...this.model, bytes }, 'webgl', { placement: true });
      if (!opened.available) throw new Error(opened.reason);
      this.session = opened.session;
      this.bound = text(sizes);
    }
    return this.session.run(feeds, fetches);
  }

  async close(): Promise<void> {
    await this.session?.close();
    this.session = null;
  }
}

export const ortWebWebglRuntime: Runtime = {
  name: 'ort-web-webgl',
  description: 'onnxruntime-web, WebGL execution provider (ort.all build; deprecated upstream), symbolic input dims bound to the fed shapes',
  environment: 'browser',
  async open(model: ModelUnderTest): Promise<OpenResult> {
    const symbolic = model.io.inputs.some((i) => i.dims?.some((d) => typeof d !== 'number'));
    if (!symbolic) return openOrtWeb(model, 'webgl', { placement: true });
    if (!document.createElement('canvas').getContext('webgl2')) return { available: false, reason: 'no WebGL2 in this browser' };
    return { available: true, session: new BoundSession(model) };
  },
};
