/** Who wrote a model: this package's name and version, read once from its package.json. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PRODUCER_NAME = 'lenet-portable';

/** A page has no package.json to read: its bundler defines the version (esbuild `define`, see web/scripts/build.ts). */
declare const __LENET_PORTABLE_VERSION__: string | undefined;

let cachedVersion: string | undefined;

/** The package version (walks up from this module, so it works from src/ and dist/). */
export function producerVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  cachedVersion = '0.0.0';
  if (typeof __LENET_PORTABLE_VERSION__ === 'string') return (cachedVersion = __LENET_PORTABLE_VERSION__);
  let dir: string;
  try {
    dir = dirname(fileURLToPath(import.meta.url));
  } catch {
    return cachedVersion; // a page bundled without the version: no file system to look in
  }
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === PRODUCER_NAME && pkg.version) {
          cachedVersion = pkg.version;
          break;
        }
      } catch {
        // Not ours or unreadable: keep walking up.
      }
    }
    dir = dirname(dir);
  }
  return cachedVersion;
}
