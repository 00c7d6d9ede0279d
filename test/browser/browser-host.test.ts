/**
 * The shared browser plumbing in a real headless Chromium: a bundled page is served
 * from 127.0.0.1 cross-origin isolated and in a secure context, and the typed bridge
 * carries megabytes of float32 exactly, returns results, and turns page errors into
 * one line naming the page and the function.
 *
 * Never skipped: without Chromium, BrowserHost.start fails with the install hint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserHost } from '../../src/browser/browser-host.js';
import { pageEntryPath } from '../../src/browser/bundle-page.js';
import type { PageBridge } from '../../src/browser/page-bridge.js';
import type { BridgeProbeApi } from './pages/bridge-probe.page.js';

let host: BrowserHost;
let page: PageBridge<BridgeProbeApi>;

beforeAll(async () => {
  host = await BrowserHost.start();
  page = await host.openPage<BridgeProbeApi>(pageEntryPath('./pages/bridge-probe.page.js', import.meta.url), 'probe page');
});

afterAll(async () => {
  await page?.close();
  await host?.close();
});

describe('a page opened through BrowserHost', () => {
  it('is cross-origin isolated and a secure context (wasm threads, WebGPU)', async () => {
    expect(await page.call('environment')).toEqual({ crossOriginIsolated: true, isSecureContext: true, sharedArrayBuffer: true });
  });

  it('names the browser that runs it', () => {
    expect(host.browserVersion).toMatch(/^Chromium \d+\.\d+/);
  });

  it('gets 1,000 images of float32 and sends them back bit for bit', async () => {
    const images = Float32Array.from({ length: 1000 * 3 * 32 * 32 }, (_, i) => Math.fround(Math.sin(i) * 1e3));
    const back = await page.call('echo', { images, count: 1000 });
    expect(back.count).toBe(1000);
    expect(back.images).toBeInstanceOf(Float32Array);
    expect(Buffer.from(back.images.buffer).equals(Buffer.from(images.buffer))).toBe(true);
  });

  it('returns what the page computed', async () => {
    expect(await page.call('scale', new Float32Array([1, 2, 3]), 2)).toEqual(new Float32Array([2, 4, 6]));
  });

  it('turns an error thrown in the page into one line naming the page and the function', async () => {
    await expect(page.call('fail', 'no model loaded')).rejects.toThrow(/^probe page: fail\(\): no model loaded$/);
  });

  it('gives Node-only imports a stand-in that fails with a clear message when called', async () => {
    await expect(page.call('readNodeFile')).rejects.toThrow('probe page: readNodeFile(): node:fs readFileSync() is Node-only and not available in a browser page');
  });

  it('refuses a function the page does not expose', async () => {
    const untyped = page as unknown as PageBridge<{ missing(): void }>;
    await expect(untyped.call('missing')).rejects.toThrow('probe page: missing(): the page has no function "missing"');
  });

  it('keeps the console free of errors', () => {
    expect(page.problems).toEqual([]);
  });
});

describe('a page that fails while loading', () => {
  it('is reported with the error the page threw, not a timeout', async () => {
    await expect(host.openPage(pageEntryPath('./pages/throws-on-load.page.js', import.meta.url), 'broken page')).rejects.toThrow(
      /^broken page did not start: uncaught: model bytes missing/,
    );
  });
});
