/**
 * Our engine on the WebGL2 backend, inside headless Chromium: the model our ONNX
 * importer read in Node (the very spec engine-cpu runs) is built on WebGL2 in a page
 * and fed the same tensors. The provider names the GL renderer that really ran; without
 * WebGL2 float render targets the runtime is unavailable, never quietly run elsewhere.
 *
 * The importer runs in Node rather than in the page so that models with external data
 * (PyTorch's dynamo exports) work too: the page has no file system to read them from.
 */
import { sharedBrowserHost } from './browser/shared-browser-host.js';
import { describeError } from '../../util/errors.js';
import type { BrowserHost } from '../../browser/browser-host.js';
import { pageEntryPath } from '../../browser/bundle-page.js';
import type { PageBridge } from '../../browser/page-bridge.js';
import type { EngineWebgl2PageApi } from './browser/pages/engine-webgl2.page.js';
import type { ModelSpec } from '../../graph/model-spec.js';
import type { ModelUnderTest } from '../model-under-test.js';
import type { OpenResult, Runtime, RuntimeContext, RuntimeSession } from '../runtime.js';

/** Keeps each message and each GPU texture moderate (SwiftShader allocates them in RAM). */
const MAX_BATCH = 500;

class EngineWebgl2Session implements RuntimeSession {
  readonly maxBatch = MAX_BATCH;

  constructor(
    private readonly page: PageBridge<EngineWebgl2PageApi>,
    readonly provider: string,
  ) {}

  run(input: Float32Array, batch: number): Promise<Float32Array> {
    return this.page.call('run', input, batch);
  }

  async close(): Promise<void> {
    await this.page.call('close').catch(() => {});
    await this.page.close();
  }
}

/** The compared output is the logits: a trailing Softmax layer is left out, as engine-cpu does. */
function comparedSpec(spec: ModelSpec, model: ModelUnderTest): ModelSpec {
  const last = spec.layers.at(-1);
  return model.io.compared.kind === 'logits' && last?.kind === 'softmax' ? { ...spec, layers: spec.layers.slice(0, -1) } : spec;
}

export const engineWebgl2Runtime: Runtime = {
  name: 'engine-webgl2',
  description: 'our engine on the WebGL2 backend, in headless Chromium (through our ONNX importer)',
  environment: 'browser',
  async open(model: ModelUnderTest, context: RuntimeContext): Promise<OpenResult> {
    if (!model.spec) return { available: false, reason: `our ONNX importer cannot read the model: ${model.engineError}` };
    let host: BrowserHost;
    let page: PageBridge<EngineWebgl2PageApi>;
    try {
      host = await sharedBrowserHost(context);
      page = await host.openPage<EngineWebgl2PageApi>(pageEntryPath('./browser/pages/engine-webgl2.page.js', import.meta.url), 'engine-webgl2 page');
    } catch (error) {
      return { available: false, reason: describeError(error) };
    }
    try {
      const facts = await page.call('open', comparedSpec(model.spec, model));
      return { available: true, session: new EngineWebgl2Session(page, `lenet-portable engine, webgl2 backend on ${facts.renderer} (${facts.version}), in ${host.browserVersion}`) };
    } catch (error) {
      await page.close();
      return { available: false, reason: `the WebGL2 backend cannot start in Chromium: ${describeError(error)}` };
    }
  },
};
