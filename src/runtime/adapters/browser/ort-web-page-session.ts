/**
 * onnxruntime-web inside a Chromium page, as a RuntimeSession: opening asks the page to
 * load ORT and the model on one execution provider; `run` sends the very tensors Node
 * holds (as bytes, type and dims) and reads back the fetches.
 */
import { sharedBrowserHost } from './shared-browser-host.js';
import { describeError } from '../../../util/errors.js';
import type { ModelUnderTest } from '../../model-under-test.js';
import type { OpenResult, RuntimeContext, RuntimeSession } from '../../runtime.js';
import type { HostTensor } from '../../../graph/host-tensor.js';
import { namedFromWire, namedToWire } from './wire-tensor.js';
import type { BrowserHost } from '../../../browser/browser-host.js';
import { pageEntryPath } from '../../../browser/bundle-page.js';
import { serveOrtWeb } from './ort-web-assets.js';
import type { PageBridge } from '../../../browser/page-bridge.js';
import type { OrtWebExecutionProvider, OrtWebFacts, OrtWebPageApi } from './pages/ort-web.page.js';

class OrtWebPageSession implements RuntimeSession {
  // Rows are not what costs: the parity run sizes its batches by bytes.
  readonly maxBatch = null;

  constructor(
    private readonly page: PageBridge<OrtWebPageApi>,
    readonly provider: string,
  ) {}

  async run(feeds: ReadonlyMap<string, HostTensor>, fetches: readonly string[]): Promise<Map<string, HostTensor>> {
    return namedFromWire(await this.page.call('run', namedToWire(feeds), [...fetches]));
  }

  async close(): Promise<void> {
    await this.page.call('close').catch(() => {});
    await this.page.close();
  }
}

function describeProvider(facts: OrtWebFacts, provider: OrtWebExecutionProvider, host: BrowserHost): string {
  const threads = `${facts.threads} thread${facts.threads === 1 ? '' : 's'}${facts.crossOriginIsolated ? '' : ' (page not cross-origin isolated)'}`;
  const ep = { webgpu: `WebGPU execution provider on ${facts.adapter}`, webgl: `WebGL execution provider on ${facts.adapter}`, wasm: 'wasm execution provider (SIMD)' }[provider];
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
    return { available: true, session: new OrtWebPageSession(page, describeProvider(facts, provider, host)) };
  } catch (error) {
    await page.close();
    return { available: false, reason: `onnxruntime-web cannot open the model on ${provider}: ${describeError(error)}` };
  }
}
