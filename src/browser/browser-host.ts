/**
 * One Chromium and one local server, shared by every browser runtime of a command (and
 * by tests): `openPage(entry)` bundles a page entry, serves it from 127.0.0.1 and
 * returns a typed bridge to it. Each page gets its own browser context, so pages never
 * share storage, GPU state or wasm memory.
 */
import type { Browser } from 'playwright-core';
import { BlobExchange } from './blob-exchange.js';
import type { PageApi } from './bridge-protocol.js';
import { bundlePage } from './bundle-page.js';
import { launchChromium, type LaunchOptions } from './chromium.js';
import { LocalServer } from './local-server.js';
import { PageBridge } from './page-bridge.js';

/** Slow machines and SwiftShader's shader compiles take a while; a dead page should not hang a run. */
const PAGE_START_TIMEOUT_MS = 60_000;

export class BrowserHost {
  private pages = 0;

  private constructor(
    readonly browser: Browser,
    readonly server: LocalServer,
    private readonly blobs: BlobExchange,
    /** Whether pages were offered WebGPU (the --enable-unsafe-webgpu flag). */
    readonly webgpu: boolean,
  ) {}

  static async start(options: LaunchOptions = {}): Promise<BrowserHost> {
    const server = await LocalServer.start();
    try {
      const browser = await launchChromium(options);
      return new BrowserHost(browser, server, new BlobExchange(server), options.webgpu ?? false);
    } catch (error) {
      await server.close();
      throw error;
    }
  }

  /** E.g. `Chromium 156.0.8078.108`. */
  get browserVersion(): string {
    return `Chromium ${this.browser.version()}`;
  }

  /** Opens `entry` (a module that calls exposeToNode) in a fresh page and waits until it is ready. */
  async openPage<Api extends PageApi<Api>>(entry: string, label: string): Promise<PageBridge<Api>> {
    const code = await bundlePage(entry);
    const base = `/pages/${++this.pages}`;
    this.server.file(`${base}/bundle.js`, code);
    this.server.file(`${base}/`, `<!doctype html><meta charset="utf-8"><title>${label}</title><script type="module" src="${base}/bundle.js"></script>`, 'text/html; charset=utf-8');
    const context = await this.browser.newContext();
    const bridge = new PageBridge<Api>(await context.newPage(), this.blobs, label);
    try {
      await bridge.page.goto(`${this.server.origin}${base}/`);
      await bridge.ready(PAGE_START_TIMEOUT_MS);
      return bridge;
    } catch (error) {
      await bridge.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => {});
    await this.server.close();
  }
}
