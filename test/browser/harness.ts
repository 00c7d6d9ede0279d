/**
 * Runs test code inside headless Chromium through the product's plumbing
 * (src/browser): each page gets its own BrowserHost (so `extraArgs` apply to its
 * Chromium), is bundled and served from 127.0.0.1 with any extra files, and is called
 * through a PageBridge; the entry exposes its functions with `exposeToNode`. Console
 * errors, WebGL warnings and uncaught page errors land in `problems`.
 *
 * CHROMIUM_USE_GPU=1 renders on the machine's GPU (chromium.ts's CHROMIUM_GPU_ARGS)
 * instead of SwiftShader. Browser tests never skip: without Chromium they fail with the
 * install command.
 */
import { basename } from 'node:path';
import type { Page } from 'playwright-core';
import { BrowserHost } from '../../src/browser/browser-host.js';
import { locateChromium } from '../../src/browser/chromium.js';

export interface PageSession {
  /** Calls `name(...args)` as exposed by the page; arguments and result cross as plain data (typed arrays included). */
  call<T>(name: string, ...args: unknown[]): Promise<T>;
  /** Console errors, WebGL warnings and uncaught exceptions seen so far. */
  readonly problems: string[];
  readonly page: Page;
  close(): Promise<void>;
}

export interface PageOptions {
  /** TypeScript/JavaScript module to bundle; it must call `exposeToNode`. */
  entry: string;
  /** Extra Chromium flags (e.g. `--disable-software-rasterizer` for the fallback path). */
  extraArgs?: string[];
  /** More files to serve, by URL path (`/data/batch.bin` → bytes). */
  files?: Record<string, Uint8Array | string>;
}

export function requireChromium(): string {
  const located = locateChromium();
  if ('path' in located) return located.path;
  throw new Error(`${located.missing}${process.env.CI === 'true' ? '. Browser tests are mandatory in CI.' : ''}`);
}

export async function openPage(options: PageOptions): Promise<PageSession> {
  requireChromium();
  const host = await BrowserHost.start({ gpu: process.env.CHROMIUM_USE_GPU === '1', extraArgs: options.extraArgs });
  try {
    for (const [path, body] of Object.entries(options.files ?? {})) host.server.file(path, body);
    const bridge = await host.openPage<Record<string, (...args: never[]) => unknown>>(options.entry, basename(options.entry));
    return {
      page: bridge.page,
      problems: bridge.problems,
      call: <T>(name: string, ...args: unknown[]) => bridge.call(name, ...(args as never[])) as Promise<T>,
      close: () => host.close(),
    };
  } catch (error) {
    await host.close();
    throw error;
  }
}
