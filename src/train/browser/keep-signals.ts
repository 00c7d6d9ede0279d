/**
 * playwright-core closes every browser it launched on SIGINT, SIGTERM and SIGHUP, and
 * on SIGINT then exits the process with code 130 (its launch options handleSIGINT/
 * SIGTERM/SIGHUP default to true, and src/runtime/browser/chromium.ts keeps the
 * defaults). A training run must instead stop between steps, get the page's weights
 * and write a checkpoint — so while it drives a browser, the signal listeners that
 * launching added are taken off again. Playwright's exit handler, which kills the
 * browser when Node exits, stays.
 *
 * To be dropped once launchChromium passes `handleSIGINT: false` (and the other two).
 */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export async function withoutLaunchSignalHandlers<T>(launch: () => Promise<T>): Promise<T> {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  try {
    return await launch();
  } finally {
    for (const signal of SIGNALS) {
      for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.off(signal, listener);
    }
  }
}
