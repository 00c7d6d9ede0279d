/**
 * Our engine on the WebGL2 backend, inside headless Chromium: the model our ONNX
 * readers read in Node (the very chain spec or graph engine-cpu runs) is built on WebGL2
 * in a page and fed the same tensors. The provider names the GL renderer that really ran; without
 * WebGL2 float render targets the runtime is unavailable, never quietly run elsewhere.
 *
 * The readers run in Node rather than in the page so that models with external data
 * (PyTorch's dynamo exports) work too: the page has no file system to read them from.
 */
import { sharedBrowserHost } from './browser/shared-browser-host.js';
import { describeError } from '../../util/errors.js';
import type { BrowserHost } from '../../browser/browser-host.js';
import { pageEntryPath } from '../../browser/bundle-page.js';
import type { EngineWebgl2PageApi } from './browser/pages/engine-webgl2.page.js';
import type { HostTensor } from '../../graph/host-tensor.js';
import type { ModelUnderTest } from '../model-under-test.js';
import type { OpenResult, Runtime, RuntimeContext, RuntimeSession } from '../runtime.js';
import { graphToWire } from './browser/wire-graph.js';
import { namedFromWire, namedToWire } from './browser/wire-tensor.js';
import { chainInterface } from './chain-run.js';
import { leasePage, type PageLease } from './browser/kept-pages.js';

/** Ops of the model's graph the cpu kernels lack (the executor loads only for graphs). */
async function graphOpsMissing(model: ModelUnderTest): Promise<string | null> {
  const [{ missingOps }, { cpuDevice }] = await Promise.all([import('../../graph/executor/op-coverage.js'), import('../../graph/executor/devices/cpu.js')]);
  return missingOps(model.graph!, cpuDevice());
}

/** Keeps each message and each GPU texture moderate (SwiftShader allocates them in RAM). */
const MAX_BATCH = 500;

class EngineWebgl2Session implements RuntimeSession {
  readonly maxBatch = MAX_BATCH;
  private pending = 0;

  constructor(
    private readonly lease: PageLease<EngineWebgl2PageApi>,
    readonly provider: string,
  ) {}

  async run(feeds: ReadonlyMap<string, HostTensor>, fetches: readonly string[]): Promise<Map<string, HostTensor>> {
    this.pending++;
    try {
      return namedFromWire(await this.lease.page.call('run', namedToWire(feeds), [...fetches]));
    } finally {
      this.pending--;
    }
  }

  async close(): Promise<void> {
    const stuck = this.pending > 0;
    if (!stuck) await this.lease.page.call('close').catch(() => {});
    await this.lease.release(stuck);
  }
}

export const engineWebgl2Runtime: Runtime = {
  name: 'engine-webgl2',
  description: 'our engine on the WebGL2 backend, in headless Chromium (LeNet chain path, else the graph executor)',
  environment: 'browser',
  async open(model: ModelUnderTest, context: RuntimeContext): Promise<OpenResult> {
    if (!model.spec && !model.graph) return { available: false, reason: `our ONNX graph reader cannot read the model: ${model.graphError}` };
    // The WebGL2 device runs what the cpu kernels cover (falling back to them where it has no shader).
    const missing = model.spec ? null : await graphOpsMissing(model);
    if (missing) return { available: false, reason: `ops engine-webgl2 does not run yet (opset ${model.graph!.opset}): ${missing}` };
    let host: BrowserHost;
    let lease: PageLease<EngineWebgl2PageApi>;
    try {
      host = await sharedBrowserHost(context);
      lease = await leasePage(context, 'engine-webgl2', () => host.openPage<EngineWebgl2PageApi>(pageEntryPath('./browser/pages/engine-webgl2.page.js', import.meta.url), 'engine-webgl2 page'));
    } catch (error) {
      return { available: false, reason: describeError(error) };
    }
    try {
      const facts = model.spec ? await lease.page.call('open', model.spec, chainInterface(model)) : await lease.page.call('openGraph', graphToWire(model.graph!));
      return { available: true, session: new EngineWebgl2Session(lease, `lenet-portable engine, ${facts.path === 'graph' ? 'graph executor on the webgl2 device' : 'webgl2 backend (LeNet chain)'} on ${facts.renderer} (${facts.version}), in ${host.browserVersion}`) };
    } catch (error) {
      await lease.release(false);
      return { available: false, reason: `the WebGL2 backend cannot start in Chromium: ${describeError(error)}` };
    }
  },
};
