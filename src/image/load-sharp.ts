/**
 * sharp, loaded on first use (processes that never touch an image never pay for it),
 * with `require` where Node has it (src/util/node-require.ts says why).
 */
import { nodeRequire } from '../util/node-require.js';

export type Sharp = typeof import('sharp').default;

let sharp: Sharp | undefined;

export async function loadSharp(): Promise<Sharp> {
  sharp ??= (nodeRequire(import.meta.url)?.('sharp') as Sharp | undefined) ?? (await import('sharp')).default;
  return sharp;
}
