import type { BrowserHost } from '../../../browser/browser-host.js';
import type { RuntimeContext } from '../../runtime.js';

/**
 * The command's one Chromium (created on first use, closed by the context's owner).
 * WebGPU is always offered: it costs nothing to pages that do not ask for it, and lets
 * the WebGPU runtime share the browser with the others. The browser machinery is
 * loaded on first use: a command that never opens a page (predict on engine-cpu) does
 * not pay for loading it.
 */
export function sharedBrowserHost(context: RuntimeContext): Promise<BrowserHost> {
  return context.shared(SHARED_BROWSER_KEY, async () => (await import('../../../browser/browser-host.js')).BrowserHost.start({ webgpu: true }));
}

/** The RuntimeContext key of that browser (a caller may register its own host under it first). */
export const SHARED_BROWSER_KEY = 'chromium';
