/**
 * Finding and launching the system's Chromium (Debian's `/usr/bin/chromium`, or
 * $CHROMIUM_PATH) through playwright-core, headless and offline.
 *
 * playwright-core is loaded lazily: commands that never touch a browser do not pay for
 * it, and a machine without it gets a one-line reason instead of a crash.
 */
import { describeError } from '../util/errors.js';
import { accessSync, constants } from 'node:fs';
import type { Browser } from 'playwright-core';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Headless, software-rendered (SwiftShader) WebGL2, and no network side channels: the
 * browser must not phone home, update components or use QUIC while we measure.
 */
export const CHROMIUM_ARGS: readonly string[] = [
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
 * CHROMIUM_ARGS for a real GPU where the machine has one: no --disable-gpu, the GPU
 * blocklist ignored (headless often lands on it), and ANGLE on Vulkan (Linux;
 * `--use-angle=gl` for desktop GL drivers, `metal` on macOS, `d3d11` on Windows). The
 * WebGL2 backend's `renderer` then names the GPU; if it still says SwiftShader, the
 * driver was refused.
 */
export const CHROMIUM_GPU_ARGS: readonly string[] = CHROMIUM_ARGS.flatMap((arg) =>
  arg === '--disable-gpu' ? ['--ignore-gpu-blocklist', '--enable-gpu-rasterization', '--use-angle=vulkan', '--enable-features=Vulkan'] : [arg],
);

/**
 * WebGPU is still behind a flag in Linux Chromium; with it, headless Chromium offers
 * SwiftShader's Vulkan adapter to pages in a secure context (http://127.0.0.1 counts).
 */
export const WEBGPU_ARGS: readonly string[] = ['--enable-unsafe-webgpu'];

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
}

/** The executable, or why there is none, in one line with the fix. */
export function locateChromium(): { path: string } | { missing: string } {
  const path = chromiumPath();
  try {
    accessSync(path, constants.X_OK);
    return { path };
  } catch {
    return {
      missing: `Chromium not found at ${path}: install it with "apt-get install chromium" or set CHROMIUM_PATH`,
    };
  }
}

export interface LaunchOptions {
  /** Also offer WebGPU to pages (see WEBGPU_ARGS). */
  webgpu?: boolean;
  /** Render on the machine's GPU (CHROMIUM_GPU_ARGS) instead of SwiftShader; off by default. */
  gpu?: boolean;
  extraArgs?: readonly string[] | undefined;
}

/** Launches Chromium; throws one line naming the executable when it cannot. */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const located = locateChromium();
  if ('missing' in located) throw new Error(located.missing);
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch (error) {
    throw new Error(`playwright-core cannot load (npm install playwright-core): ${describeError(error)}`);
  }
  const args = [...(options.gpu ? CHROMIUM_GPU_ARGS : CHROMIUM_ARGS), ...(options.webgpu ? WEBGPU_ARGS : []), ...(options.extraArgs ?? [])];
  try {
    // Our commands own Ctrl-C (a training run checkpoints first); playwright's exit
    // handler still closes the browser when Node exits.
    return await playwright.chromium.launch({ executablePath: located.path, args, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
  } catch (error) {
    throw new Error(`Chromium at ${located.path} did not start: ${describeError(error)}`);
  }
}
