/**
 * Runs test code inside headless Chromium: bundles a page entry with esbuild, serves
 * it (plus any extra files) from a throw-away HTTP server on 127.0.0.1, opens it in
 * Debian's Chromium through playwright-core and calls functions the page exposed
 * with `exposeToHarness` (see page-api.ts). Console errors and uncaught page errors
 * are collected so tests can assert the page stayed clean.
 *
 * Browser tests never skip: without Chromium they fail with the install command.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless, software-rendered (SwiftShader) WebGL2, no network side channels. */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Flags for a real GPU where the machine has one (set CHROMIUM_USE_GPU=1): no
 * --disable-gpu, the GPU blocklist ignored (headless often lands on it), and ANGLE
 * on Vulkan (Linux; `--use-angle=gl` for desktop GL drivers, `metal` on macOS,
 * `d3d11` on Windows). The backend's `renderer` then names the GPU instead of
 * SwiftShader; if it still says SwiftShader, the driver was refused.
 */
export const CHROMIUM_GPU_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--ignore-gpu-blocklist',
  '--enable-gpu-rasterization',
  '--use-angle=vulkan',
  '--enable-features=Vulkan',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function chromiumArgs(): string[] {
  return process.env.CHROMIUM_USE_GPU === '1' ? CHROMIUM_GPU_ARGS : CHROMIUM_ARGS;
}

export interface PageSession {
  /** Calls `name(...args)` as exposed by the page; arguments and result cross as JSON-like values. */
  call<T>(name: string, ...args: unknown[]): Promise<T>;
  /** Console errors, WebGL warnings and uncaught exceptions seen so far. */
  readonly problems: string[];
  readonly page: Page;
  close(): Promise<void>;
}

export interface PageOptions {
  /** TypeScript/JavaScript module to bundle; it must call `exposeToHarness`. */
  entry: string;
  /** Extra Chromium flags (e.g. `--disable-webgl` for the fallback path). */
  extraArgs?: string[];
  /** More files to serve, by URL path (`/data/batch.bin` → bytes). */
  files?: Record<string, Uint8Array | string>;
}

export function requireChromium(): string {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  const ci = process.env.CI === 'true' ? ' Browser tests are mandatory in CI.' : '';
  throw new Error(
    `Chromium not found at ${CHROMIUM_PATH}: install it with "apt-get update && apt-get install -y chromium" ` +
      `(or set CHROMIUM_PATH).${ci}`,
  );
}

export async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

export async function openPage(options: PageOptions): Promise<PageSession> {
  const executablePath = requireChromium();
  const code = await bundle(options.entry);
  const files: Record<string, Uint8Array | string> = {
    '/': '<!doctype html><meta charset="utf-8"><script type="module" src="/bundle.js"></script>',
    '/bundle.js': code,
    // Chromium asks for it on every page; a 404 would show up as a console error.
    '/favicon.ico': '',
    ...options.files,
  };
  const server = await serve(files);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath, args: [...chromiumArgs(), ...(options.extraArgs ?? [])] });
    const page = await browser.newPage();
    const problems = watchProblems(page);
    const { port } = server.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => '__harness' in globalThis);
    const opened = browser;
    return {
      page,
      problems,
      call: <T>(name: string, ...args: unknown[]) =>
        page.evaluate(
          ([n, a]) => (globalThis as unknown as { __harness: Record<string, (...x: unknown[]) => unknown> }).__harness[n]!(...a),
          [name, args] as const,
        ) as Promise<T>,
      close: async () => {
        await opened.close();
        await closeServer(server);
      },
    };
  } catch (err) {
    await browser?.close();
    await closeServer(server);
    throw err;
  }
}

function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
  page.on('console', (msg) => {
    const text = msg.text();
    // Chromium reports GL errors (GL_INVALID_OPERATION …) as console warnings.
    if (msg.type() === 'error' || (msg.type() === 'warning' && /WebGL|GL_/.test(text))) problems.push(text);
  });
  return problems;
}

function serve(files: Record<string, Uint8Array | string>): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const body = files[path];
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    const type = path === '/' ? 'text/html' : path.endsWith('.js') ? 'text/javascript' : 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
