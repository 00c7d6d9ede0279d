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
import { bindInputDims } from '../../../export/bind-input-dims.js';
import type { BrowserHost } from '../../../browser/browser-host.js';
import { pageEntryPath } from '../../../browser/bundle-page.js';
import { serveOrtWeb } from './ort-web-assets.js';
import type { OrtWebExecutionProvider, OrtWebFacts, OrtWebPageApi } from './pages/ort-web.page.js';
import { leasePage, type PageLease } from './kept-pages.js';

class OrtWebPageSession implements RuntimeSession {
  // Rows are not what costs: the parity run sizes its batches by bytes.
  readonly maxBatch = null;
  /** The symbolic input dims the page's session has fixed (WebGL only), e.g. `[["batch",8]]`. */
  private bound = '[]';
  private pending = 0;

  constructor(
    private readonly lease: PageLease<OrtWebPageApi>,
    readonly provider: string,
    private readonly reopen: ((sizes: Map<string, number>) => Promise<unknown>) | null,
    private readonly model: ModelUnderTest,
  ) {}

  async run(feeds: ReadonlyMap<string, HostTensor>, fetches: readonly string[]): Promise<Map<string, HostTensor>> {
    this.pending++;
    try {
      if (this.reopen) await this.bindDims(feeds);
      return namedFromWire(await this.lease.page.call('run', namedToWire(feeds), [...fetches]));
    } finally {
      this.pending--;
    }
  }

  /** Reopens the model with its symbolic input dims fixed to these feeds' sizes, when they changed. */
  private async bindDims(feeds: ReadonlyMap<string, HostTensor>): Promise<void> {
    const sizes = new Map<string, number>();
    for (const input of this.model.io.inputs) {
      input.dims?.forEach((d, i) => {
        const size = feeds.get(input.name)?.dims[i];
        if (typeof d === 'string' && size !== undefined) sizes.set(d, size);
      });
    }
    const key = JSON.stringify([...sizes]);
    if (key === this.bound || sizes.size === 0) return;
    await this.reopen!(sizes);
    this.bound = key;
  }

  async close(): Promise<void> {
    // A call still pending (a deadline passed) may never answer: the page goes with it.
    const stuck = this.pending > 0;
    if (!stuck) await this.lease.page.call('close').catch(() => {});
    await this.lease.release(stuck);
  }
}

function describeProvider(facts: OrtWebFacts, provider: OrtWebExecutionProvider, host: BrowserHost): string {
  const threads = `${facts.threads} thread${facts.threads === 1 ? '' : 's'}${facts.crossOriginIsolated ? '' : ' (page not cross-origin isolated)'}`;
  const ep = { webgpu: `WebGPU execution provider on ${facts.adapter}`, webgl: `WebGL execution provider on ${facts.adapter}`, wasm: 'wasm execution provider (SIMD)' }[provider];
  return `onnxruntime-web ${facts.ortVersion}, ${ep}, ${threads}, ${facts.placement}, in ${host.browserVersion}`;
}

/** Opens `model` in a page of the command's shared Chromium (a fresh one, or the runtime's kept one: see kept-pages.ts), on `provider` only. */
export async function openOrtWebPage(runtime: string, provider: OrtWebExecutionProvider, model: ModelUnderTest, context: RuntimeContext): Promise<OpenResult> {
  let host: BrowserHost;
  try {
    host = await sharedBrowserHost(context);
  } catch (error) {
    return { available: false, reason: describeError(error) };
  }
  let lease: PageLease<OrtWebPageApi>;
  try {
    lease = await leasePage(context, runtime, () => host.openPage<OrtWebPageApi>(pageEntryPath('./pages/ort-web.page.js', import.meta.url), `${runtime} page`));
  } catch (error) {
    return { available: false, reason: describeError(error) };
  }
  const open = (bytes: Uint8Array) =>
    lease.page.call('open', {
      ...serveOrtWeb(host.server, provider),
      executionProvider: provider,
      threads: context.threads,
      model: bytes,
      externalData: model.externalData.map((f) => ({ path: f.path, data: f.data })),
    });
  // WebGL takes fixed shapes only: the model is reopened with its batch (and any other
  // symbolic input dim) fixed to each run's sizes.
  const reopen = provider === 'webgl' ? (sizes: Map<string, number>) => open(bindInputDims(model.bytes, model.path ?? 'model', sizes)) : null;
  try {
    const facts = await open(model.bytes);
    return { available: true, session: new OrtWebPageSession(lease, describeProvider(facts, provider, host), reopen, model) };
  } catch (error) {
    await lease.release(false);
    return { available: false, reason: `onnxruntime-web cannot open the model on ${provider}: ${describeError(error)}` };
  }
}
