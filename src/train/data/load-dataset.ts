/**
 * The one entry point for getting CIFAR-10-shaped data: resolves the source
 * (resolve-source.ts), reads it, and keeps decoded images in the user cache so only
 * the first load of an archive or image folder pays for JPEG decoding.
 */
import { createHash } from 'node:crypto';
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from './dataset.js';
import { userCacheDir } from './cache-dir.js';
import { readDecodedCache, writeDecodedCache, type CacheIdentity } from './decoded-cache.js';
import type { DownloadOptions } from '../../util/download.js';
import { treeFromArchive, treeFromDirectory } from '../../util/archive/file-tree.js';
import { loadImageFolderTree, type BadImagePolicy } from './image-folder.js';
import { ensureOfficialRelease, isReleaseTree, loadBinaryFolder, loadReleaseTree, type ReleaseRemote } from './official-release.js';
import { resolveDataSource, type DataSource } from './resolve-source.js';

export interface LoadOptions {
  /** `--data`: a folder or archive; see resolve-source.ts for what is accepted. */
  data?: string;
  /** Downloads and decoded caches; defaults to the user cache directory. */
  cacheDir?: string;
  /** Read and write the decoded cache (default true). */
  useCache?: boolean;
  onBadImage?: BadImagePolicy;
  log?: (line: string) => void;
  download?: DownloadOptions & { remote?: ReleaseRemote };
  env?: NodeJS.ProcessEnv;
}

/** Bump when decoding changes, so caches made by older code are rebuilt. */
const CACHE_FORMAT = 1;

/** Size and mtime of every file below `dir`, hashed: any edit inside the folder shows. */
function folderFingerprint(dir: string): string {
  const hash = createHash('sha256');
  const walk = (rel: string): void => {
    const entries = readdirSync(join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else {
        const stat = statSync(join(dir, child), { throwIfNoEntry: false }); // a dangling link has none
        if (stat) hash.update(`${child}\0${stat.size}\0${stat.mtimeMs}\n`);
      }
    }
  };
  walk('');
  return hash.digest('hex');
}

function identityOf(source: DataSource & { path: string }, policy: BadImagePolicy): CacheIdentity {
  const path = realpathSync(source.path);
  const base = { format: CACHE_FORMAT, kind: source.kind, path, onBadImage: policy };
  if (source.kind === 'image-folder') return { ...base, fingerprint: folderFingerprint(path) };
  const stat = statSync(path);
  return { ...base, size: stat.size, mtimeMs: stat.mtimeMs };
}

function cacheFileFor(cacheDir: string, identity: CacheIdentity): string {
  // Named by what does not change when the source is edited, so a stale file is replaced, not piled up.
  const key = createHash('sha256').update(`${identity.kind}\0${identity.path}\0${identity.onBadImage}`).digest('hex');
  return join(cacheDir, 'decoded', `${key.slice(0, 20)}.lpcache`);
}

async function decodeSource(source: DataSource & { path: string }, policy: BadImagePolicy, log?: (line: string) => void): Promise<Dataset> {
  const logOption = log ? { log } : {};
  if (source.kind === 'image-folder') {
    return (await loadImageFolderTree(treeFromDirectory(source.path), { onBadImage: policy, ...logOption })).dataset;
  }
  const tree = await treeFromArchive(source.path);
  if (isReleaseTree(tree)) return loadReleaseTree(tree);
  return (await loadImageFolderTree(tree, { onBadImage: policy, ...logOption })).dataset;
}

/** "image folder" or "binary archive": what a source line says before its path. */
function sourceLabel(source: string): string {
  return /^binary archive /.test(source) ? 'binary archive' : 'image folder';
}

export async function loadDataset(options: LoadOptions = {}): Promise<Dataset> {
  const cacheDir = options.cacheDir ?? userCacheDir(options.env);
  const log = options.log;
  const policy = options.onBadImage ?? 'fail';
  let source = resolveDataSource(options.data, cacheDir, options.env);
  if (source.kind === 'download') {
    source = { kind: 'binary-folder', path: await ensureOfficialRelease(cacheDir, { ...options.download, ...(log ? { log } : {}) }) };
  }
  // The extracted binary release is already raw pixels: caching it would only copy it.
  if (source.kind === 'binary-folder') return loadBinaryFolder(source.path);

  if (options.useCache === false) return decodeSource(source, policy, log);
  const identity = identityOf(source, policy);
  const cacheFile = cacheFileFor(cacheDir, identity);
  const cached = readDecodedCache(cacheFile, identity);
  // The cache may have been made from another spelling of the same file (a link, a
  // relative path): the data line names the path given this time.
  if (cached.status === 'hit') return { ...cached.dataset, source: `${sourceLabel(cached.dataset.source)} ${source.path} (cache hit)` };
  if (cached.status !== 'miss') log?.(`decoded cache ${cacheFile} is ${cached.status} (${cached.reason}); rebuilding it`);

  const dataset = await decodeSource(source, policy, log);
  try {
    writeDecodedCache(cacheFile, identity, dataset);
    return { ...dataset, source: `${dataset.source} (decoded, cached)` };
  } catch (err) {
    // The data is good; only the cache is lost (a full disk, a read-only home). Say so and go on.
    const reason = err instanceof Error ? err.message : String(err);
    log?.(`could not write the decoded cache: ${reason.startsWith(cacheFile) ? reason : `${cacheFile} (${reason})`}; continuing without it`);
    return { ...dataset, source: `${dataset.source} (decoded, not cached)` };
  }
}
