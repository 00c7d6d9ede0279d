/**
 * One image through both runtimes of the Classify section: onnxruntime-web (wasm) and
 * our engine on the page's backend, on the very same input tensor.
 */
import type { ModelIO } from '../../../src/runtime/model-io.js';
import { runBatches } from '../../../src/runtime/run-batches.js';
import type { RuntimeSession } from '../../../src/runtime/runtime.js';
import type { LoadedModel } from '../app-model.js';
import type { PageEngine } from '../engine.js';
import { openEngine } from '../runtimes/engine-session.js';
import { openOrtWeb } from '../runtimes/ort-web.js';

export interface TwoOpinions {
  ort: Float32Array;
  engine: Float32Array;
}

export class Classifier {
  private constructor(
    private readonly ort: RuntimeSession,
    private readonly engine: RuntimeSession,
    private readonly io: ModelIO,
  ) {}

  static async open(loaded: LoadedModel, engine: PageEngine): Promise<Classifier> {
    const [ort, ours] = [await openOrtWeb(loaded.model, 'wasm'), openEngine(loaded.model, engine.backend, engine.description)];
    if (!ort.available) throw new Error(ort.reason);
    if (!ours.available) throw new Error(ours.reason);
    return new Classifier(ort.session, ours.session, loaded.model.io);
  }

  get ortProvider(): string {
    return this.ort.provider;
  }

  async classify(tensor: Float32Array): Promise<TwoOpinions> {
    // One at a time: both may want every core (ORT's threads, SwiftShader's).
    const ort = (await runBatches(this.ort, tensor, 1, { io: this.io })).values;
    const engine = (await runBatches(this.engine, tensor, 1, { io: this.io })).values;
    return { ort, engine };
  }

  async close(): Promise<void> {
    await Promise.all([this.ort.close(), this.engine.close()]);
  }
}
