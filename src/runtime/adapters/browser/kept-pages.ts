/**
 * Pages kept for a whole command. A conformance run opens a thousand small models, and
 * a fresh page per model (load the bundle, compile ORT's wasm) costs more than the model;
 * when the context asks for it (`keepPages`), each runtime keeps one page and opens
 * model after model in it. A page serves one session at a time: if it is still leased
 * (a case past its deadline whose session never closed) the next session gets a fresh
 * page, and a session closed while one of its calls is still pending takes its page with
 * it, so no session ever waits behind a stuck one.
 */
import type { PageBridge } from '../../../browser/page-bridge.js';
import type { PageApi } from '../../../browser/bridge-protocol.js';
import type { RuntimeContext, SharedResource } from '../../runtime.js';

export interface PageLease<Api extends PageApi<Api>> {
  readonly page: PageBridge<Api>;
  /** Gives the page back for the next session; `stuck` (a call still pending) closes it instead. */
  release(stuck: boolean): Promise<void>;
}

interface Kept {
  page: PageBridge<never>;
  leased: boolean;
}

class KeptPages implements SharedResource {
  readonly pages = new Map<string, Kept>();
  async close(): Promise<void> {
    const all = [...this.pages.values()];
    this.pages.clear();
    await Promise.all(all.map((k) => k.page.close()));
  }
}

export async function leasePage<Api extends PageApi<Api>>(context: RuntimeContext, key: string, open: () => Promise<PageBridge<Api>>): Promise<PageLease<Api>> {
  if (!context.keepPages) {
    const page = await open();
    return { page, release: () => page.close() };
  }
  const kept = await context.shared('kept-pages', async () => new KeptPages());
  let entry = kept.pages.get(key);
  if (!entry || entry.leased) {
    // The page still leased (if any) is closed when its session lets go of it.
    entry = { page: (await open()) as unknown as PageBridge<never>, leased: true };
    kept.pages.set(key, entry);
  }
  entry.leased = true;
  const mine = entry;
  return {
    page: mine.page as unknown as PageBridge<Api>,
    async release(stuck: boolean): Promise<void> {
      if (!stuck && kept.pages.get(key) === mine) {
        mine.leased = false;
        return;
      }
      if (kept.pages.get(key) === mine) kept.pages.delete(key);
      await mine.page.close();
    },
  };
}
