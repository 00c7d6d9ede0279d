/**
 * onnxruntime-web inside a Chromium page, as a RuntimeSession: opening asks the page to
 * load ORT and the model on one execution provider; `run`/`runNamed` send the very
 * tensors Node holds and read back the named outputs.
 */
import { formatShape } from '../../../graph/format-shape.js';
import { sharedBrowserHost } from './shared-browser-host.js';
import { describeError } from '../../../util/errors.js';
import type { ModelUnderTest } from '../../model-under-test.js';
import type { NamedTensor, OpenResult, RuntimeContext, RuntimeSession } from '../../runtime.js';
import type { BrowserHost } from '../../../browser/browser-host.js';
import { pageEntryPath } from '../../../browser/bundle-page.js';
import { serveOrtWeb } from './ort-web-assets.js';
import type { PageBridge } from '../../../browser/page-bridge.js';
import type { OrtWebExecutionProvider, OrtWebFacts, OrtWebPageApi } from './pages/ort-web.page.js';

/** One message carries at most 12 MB of images. */
const MAX_BATCH = 1000;

class OrtWebPageSession implements RuntimeSession {
  readonly maxBatch = MAX_BATCH;

  constructor(
    private readonly page: PageBridge<OrtWebPageApi>,
    private readonly model: ModelUnderTest,
    readonly provider: string,
  ) {}

  async run(input: Float32Array, batch: number): Promise<Float32Array> {
    const { compared } = this.model.io;
    const output = (await this.runNamed(input, batch, [compared.name])).get(compared.name)!;
    if (output.dims.length !== 2 || output.dims[0] !== batch) {
      throw new Error(`output "${compared.name}" has shape ${formatShape(output.dims)}, expected [${batch},classes]`);
    }
    return output.data;
  }

  async runNamed(input: Float32Array, batch: number, names: readonly string[]): Promise<Map<string, NamedTensor>> {
    const outputs = await this.page.call('run', this.model.io.inputName, input, [batch, 3, 32, 32], [...names]);
    return new Map(outputs.map((o) => [o.name, { dims: o.dims, data: o.data }]));
  }

  async close(): Promise<void> {
    await this.page.call('close').catch(() => {});
    await this.page.close();
  }
}

function describeProvider(facts: OrtWebFacts, provider: OrtWebExecutionProvider, host: BrowserHost): string {
  const threads = `${facts.threads} thread${facts.threads === 1 ? '' : 's'}${facts.crossOriginIsolated ? '' : ' (page not cross-origin isolated)'}`;
  const ep = provider === 'webgpu' ? `WebGPU execution provider on ${facts.adapter}` : 'wasm execution provider (SIMD)';
  return `onnxruntime-web ${facts.ortVersion}, ${ep}, ${threads}, ${facts.placement}, in ${host.browserVersion}`;
}

/** Opens `model` in a fresh page of the command's shared Chromium, on `provider` only. */
export async function openOrtWebPage(runtime: string, provider: OrtWebExecutionProvider, model: ModelUnderTest, context: RuntimeContext): Promise<OpenResult> {
  let host: BrowserHost;
  try {
    host = await sharedBrowserHost(context);
  } catch (error) {
    return { available: false, reason: describeError(error) };
  }
  let page: PageBridge<OrtWebPageApi>;
  try {
    page = await host.openPage<OrtWebPageApi>(pageEntryPath('./pages/ort-web.page.js', import.meta.url), `${runtime} page`);
  } catch (error) {
    return { available: false, reason: describeError(error) };
  }
  try {
    const facts = await page.call('open', {
      ...serveOrtWeb(host.server, provider),
      executionProvider: provider,
      threads: context.threads,
      model: model.bytes,
      externalData: model.externalData.map((f) => ({ path: f.path, data: f.data })),
    });
    return { available: true, session: new OrtWebPageSession(page, model, describeProvider(facts, provider, host)) };
  } catch (error) {
    await page.close();
    return { available: false, reason: `onnxruntime-web cannot open the model on ${provider}: ${describeError(error)}` };
  }
}
