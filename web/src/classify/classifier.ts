/**
 * One image through both runtimes of the Classify section: onnxruntime-web (wasm) and
 * our engine on the page's backend, on the very same input tensor.
 */
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
  ) {}

  static async open(loaded: LoadedModel, engine: PageEngine): Promise<Classifier> {
    const [ort, ours] = [await openOrtWeb(loaded.model, 'wasm'), openEngine(loaded.model, engine.backend, engine.description)];
    if (!ort.available) throw new Error(ort.reason);
    if (!ours.available) throw new Error(ours.reason);
    return new Classifier(ort.session, ours.session);
  }

  get ortProvider(): string {
    return this.ort.provider;
  }

  async classify(tensor: Float32Array): Promise<TwoOpinions> {
    // One at a time: both may want every core (ORT's threads, SwiftShader's).
    const ort = await this.ort.run(tensor, 1);
    const engine = await this.engine.run(tensor, 1);
    return { ort, engine };
  }

  async close(): Promise<void> {
    await Promise.all([this.ort.close(), this.engine.close()]);
  }
}
