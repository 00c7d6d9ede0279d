/** Locations of the shared, read-only data and fixtures (../shared from the repo root). */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const sharedDir = resolve(repoRoot, '..', 'shared');
export const fixturesDir = resolve(sharedDir, 'fixtures');
export const cifarArchive = resolve(sharedDir, 'data', 'cifar10-jpg.tar.gz');
