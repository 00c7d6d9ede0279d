/** The read-only shared data, found from the repo root (never copied into the repo). */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const CIFAR_JPG_ARCHIVE = join(REPO_ROOT, '..', 'shared', 'data', 'cifar10-jpg.tar.gz');
