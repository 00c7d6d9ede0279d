/**
 * Node's typed handle on one page: `call('run', input, dims)` runs the page's exposed
 * `run` and resolves its result, with typed arrays carried as bytes (see
 * bridge-protocol.ts). The page's console errors and uncaught exceptions are collected,
 * so a failed call can say what the page said.
 */
import type { Page } from 'playwright-core';
import type { BlobExchange } from './blob-exchange.js';
import { BRIDGE_GLOBAL, decodeValue, encodeValue, type CallOutcome, type PageApi } from './bridge-protocol.js';

type Result<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;
type Args<F> = F extends (...args: infer A) => unknown ? A : never;

export class PageBridge<Api extends PageApi<Api>> {
  /** Console errors, WebGL warnings and uncaught exceptions, in order, one line each. */
  readonly problems: string[] = [];
  private closed = false;
  /** Rejects at the page's first uncaught exception, so a page that dies while loading fails at once. */
  private readonly firstUncaught: Promise<never>;

  constructor(
    readonly page: Page,
    private readonly blobs: BlobExchange,
    /** How errors name this page, e.g. `ort-web-browser page`. */
    readonly label: string,
  ) {
    this.firstUncaught = new Promise<never>((_, reject) => page.once('pageerror', reject));
    this.firstUncaught.catch(() => {});
    page.on('pageerror', (error) => this.problems.push(`uncaught: ${firstLine(error.message)}`));
    page.on('console', (message) => {
      const text = message.text();
      // Chromium reports GL errors (GL_INVALID_OPERATION …) as console warnings.
      if (message.type() === 'error' || (message.type() === 'warning' && /WebGL|GL_/.test(text))) this.problems.push(firstLine(text));
    });
    page.on('crash', () => this.problems.push('the page crashed'));
  }

  /** Resolves once the page has called exposeToNode; fails early with the page's own error. */
  async ready(timeoutMs: number): Promise<void> {
    try {
      await Promise.race([this.page.waitForFunction((name) => name in globalThis, BRIDGE_GLOBAL, { timeout: timeoutMs, polling: 50 }), this.firstUncaught]);
    } catch (error) {
      const said = this.problems.length > 0 ? this.problems.join('; ') : firstLine(error instanceof Error ? error.message : String(error));
      throw new Error(`${this.label} did not start: ${said}`);
    }
  }

  async call<K extends keyof Api & string>(name: K, ...args: Args<Api[K]>): Promise<Result<Api[K]>> {
    if (this.closed) throw new Error(`${this.label}: ${name}() after close`);
    const parked: string[] = [];
    const encoded = await encodeValue(args, async (bytes) => {
      const id = await this.blobs.put(bytes);
      parked.push(id);
      return id;
    });
    let outcome: CallOutcome;
    try {
      outcome = await this.page.evaluate(
        ([global, fn, a]) => (globalThis as unknown as Record<string, { call(n: string, a: unknown): Promise<CallOutcome> }>)[global]!.call(fn, a),
        [BRIDGE_GLOBAL, name, encoded] as const,
      );
    } catch (error) {
      const last = this.problems.at(-1);
      throw new Error(`${this.label}: ${name}() failed: ${firstLine(error instanceof Error ? error.message : String(error))}${last ? ` (page: ${last})` : ''}`);
    } finally {
      this.blobs.discard(parked);
    }
    if (!outcome.ok) throw new Error(`${this.label}: ${name}(): ${outcome.error}`);
    return (await decodeValue(outcome.value, (id) => this.blobs.take(id))) as Result<Api[K]>;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.page.context().close().catch(() => {});
  }
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0]!.trim();
}
