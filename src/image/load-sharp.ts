/**
 * sharp, loaded with `require` on first use. Node's ESM loader reads a CommonJS
 * package's sources again to find its named exports: `import sharp from 'sharp'` took
 * 60–100 ms where `require` takes 35 ms, most of a one-photo `predict`'s start-up.
 * Loading on first use also keeps sharp out of processes that never touch an image.
 */
import { createRequire } from 'node:module';

export type Sharp = typeof import('sharp').default;

let sharp: Sharp | undefined;

export function loadSharp(): Sharp {
  sharp ??= createRequire(import.meta.url)('sharp') as Sharp;
  return sharp;
}
