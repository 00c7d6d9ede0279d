/**
 * Where downloads and decoded caches live: the user's cache directory, never next to a
 * data source (which may be read-only, like ../shared in CI).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Environment variable naming the data source when `--data` is not given. */
export const DATA_ENV = 'CIFAR10_DATA';
/** Environment variable overriding the cache directory. */
export const CACHE_ENV = 'LENET_CACHE_DIR';

/**
 * `$LENET_CACHE_DIR`, else `$XDG_CACHE_HOME/lenet-portable`, else the platform's
 * usual place (`~/.cache`, `~/Library/Caches`, `%LOCALAPPDATA%`).
 */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env[CACHE_ENV]) return env[CACHE_ENV];
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'lenet-portable');
  if (process.platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'lenet-portable', 'cache');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'lenet-portable');
  return join(homedir(), '.cache', 'lenet-portable');
}
