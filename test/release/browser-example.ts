/**
 * Drives examples/browser-onnxruntime-web as a person would: its folder served as a
 * static site (with the consumer's node_modules beside it, as `npm install` there
 * would leave them), opened in headless Chromium, a picture picked with the file input,
 * the listed answer read off the page. Uses the project's own launcher and server
 * (src/browser): Chromium flags for offline runs, 127.0.0.1 only.
 */
import { basename } from 'node:path';
import { launchChromium } from '../../src/browser/chromium.js';
import { LocalServer } from '../../src/browser/local-server.js';
import { parseRanked, type Ranked } from './consumer-project.js';

/** Loading ORT's wasm under SwiftShader on a busy machine takes seconds, not minutes. */
const PAGE_WAIT_MS = 90_000;

export interface BrowserRun {
  /** Per picked file, the page's list, best first. */
  answers: Ranked[][];
  /** Every URL the page requested. */
  requests: string[];
  /** Console errors and uncaught exceptions. */
  problems: string[];
  origin: string;
}

export async function classifyInBrowserExample(pageDir: string, nodeModulesDir: string, files: readonly string[]): Promise<BrowserRun> {
  const server = await LocalServer.start();
  try {
    server.mount('/', pageDir);
    server.mount('/node_modules', nodeModulesDir);
    const browser = await launchChromium(); // throws, naming the fix, when Chromium is missing
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      const problems: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });

      await page.goto(`${server.origin}/index.html`);
      const status = page.locator('#status');
      // Ready (the picker is enabled) or failed (the status says why).
      await page.waitForFunction(
        () => !(document.querySelector('#picture') as HTMLInputElement).disabled || /^cannot/.test(document.querySelector('#status')!.textContent ?? ''),
        undefined,
        { timeout: PAGE_WAIT_MS },
      );
      if (await page.locator('#picture').isDisabled()) throw new Error(`the page did not get ready: ${await status.textContent()}; ${problems.join('; ')}`);

      const answers: Ranked[][] = [];
      for (const file of files) {
        await page.setInputFiles('#picture', file);
        // The status names the file once its answer is listed, or says why there is none.
        await page.waitForFunction(
          (name) => [name, `cannot classify ${name}`].some((s) => (document.querySelector('#status')!.textContent ?? '').startsWith(s)),
          basename(file),
          { timeout: PAGE_WAIT_MS },
        );
        const shown = (await status.textContent()) ?? '';
        if (shown !== basename(file)) throw new Error(`the page could not classify ${file}: ${shown}`);
        answers.push(parseRanked(await page.locator('#answer li').allTextContents()));
      }
      return { answers, requests, problems, origin: server.origin };
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
  }
}
