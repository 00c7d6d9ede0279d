import { BrowserHost } from '../../../browser/browser-host.js';
import type { RuntimeContext } from '../../runtime.js';

/**
 * The command's one Chromium (created on first use, closed by the context's owner).
 * WebGPU is always offered: it costs nothing to pages that do not ask for it, and lets
 * the WebGPU runtime share the browser with the others.
 */
export function sharedBrowserHost(context: RuntimeContext): Promise<BrowserHost> {
  return context.shared(SHARED_BROWSER_KEY, () => BrowserHost.start({ webgpu: true }));
}

/** The RuntimeContext key of that browser (a caller may register its own host under it first). */
export const SHARED_BROWSER_KEY = 'chromium';
