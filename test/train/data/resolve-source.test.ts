import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { userCacheDir } from '../../../src/train/data/cache-dir.js';
import { loadOptionsFromFlags, subsetOptionsFromFlags } from '../../../src/cli/data-flags.js';
import { OFFICIAL_RELEASE } from '../../../src/train/data/official-release.js';
import { describeDataPath, resolveDataSource } from '../../../src/train/data/resolve-source.js';
import { ToolError } from '../../../src/util/errors.js';
import { releaseFiles, writeReleaseFolder } from './helpers/synthetic-cifar.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();
const { files } = releaseFiles(1);

describe('resolveDataSource', () => {
  it('prefers --data, then $CIFAR10_DATA, then the release in the cache, then the download', () => {
    const root = tempDir();
    const fromFlag = join(root, 'flag', OFFICIAL_RELEASE.folderName);
    const fromEnv = join(root, 'env', OFFICIAL_RELEASE.folderName);
    const cacheDir = join(root, 'cache');
    writeReleaseFolder(fromFlag, files);
    writeReleaseFolder(fromEnv, files);
    const env = { CIFAR10_DATA: join(root, 'env') };
    expect(resolveDataSource(fromFlag, cacheDir, env)).toEqual({ kind: 'binary-folder', path: fromFlag });
    expect(resolveDataSource(undefined, cacheDir, env)).toEqual({ kind: 'binary-folder', path: fromEnv });
    expect(resolveDataSource(undefined, cacheDir, {})).toEqual({ kind: 'download' });
    writeReleaseFolder(join(cacheDir, OFFICIAL_RELEASE.folderName), files);
    expect(resolveDataSource(undefined, cacheDir, {})).toEqual({ kind: 'binary-folder', path: join(cacheDir, OFFICIAL_RELEASE.folderName) });
  });

  it('recognises image folders (also one level down) and archives by name', () => {
    const root = tempDir();
    mkdirSync(join(root, 'photos', 'cifar10-jpg', 'train'), { recursive: true });
    mkdirSync(join(root, 'photos', 'cifar10-jpg', 'test'), { recursive: true });
    expect(describeDataPath(join(root, 'photos'), '--data')).toEqual({ kind: 'image-folder', path: join(root, 'photos', 'cifar10-jpg') });
    writeFileSync(join(root, 'x.TGZ'), '');
    expect(describeDataPath(join(root, 'x.TGZ'), '--data').kind).toBe('archive');
  });

  it('names the flag or variable and the path when the data is not there or not data', () => {
    const root = tempDir();
    writeFileSync(join(root, 'notes.txt'), 'hi');
    expect(() => resolveDataSource(join(root, 'nope'), root, {})).toThrow(new ToolError(`--data ${join(root, 'nope')}: no such file or folder`));
    expect(() => resolveDataSource(undefined, root, { CIFAR10_DATA: join(root, 'gone') })).toThrow(
      new ToolError(`$CIFAR10_DATA ${join(root, 'gone')}: no such file or folder`),
    );
    expect(() => describeDataPath(join(root, 'notes.txt'), '--data')).toThrow(/notes\.txt: not a folder or a \.tar\/\.tar\.gz\/\.tgz archive/);
    expect(() => describeDataPath(root, '--data')).toThrow(/no CIFAR-10 data here \(expected cifar-10-batches-bin\/, cifar-10-binary\.tar\.gz, or train\/<class>\/ and test\/<class>\/ folders\)/);
  });
});

describe('userCacheDir and the data flags', () => {
  it('honours $LENET_CACHE_DIR, then $XDG_CACHE_HOME', () => {
    expect(userCacheDir({ LENET_CACHE_DIR: '/x/cache', XDG_CACHE_HOME: '/y' })).toBe('/x/cache');
    expect(userCacheDir({ XDG_CACHE_HOME: '/y' })).toBe(join('/y', 'lenet-portable'));
  });

  it('turns flags into options, refusing bad values with the flag named', () => {
    expect(loadOptionsFromFlags({ data: 'd', 'cache-dir': 'c', 'no-cache': true, 'on-bad-image': 'skip' })).toMatchObject({
      data: 'd',
      cacheDir: 'c',
      useCache: false,
      onBadImage: 'skip',
    });
    expect(subsetOptionsFromFlags({ limit: '2000', 'no-shuffle': true, seed: '7', validation: '0.1' })).toEqual({
      limit: 2000,
      shuffle: false,
      seed: 7,
      validation: 0.1,
    });
    expect(() => loadOptionsFromFlags({ 'on-bad-image': 'ignore' })).toThrow(new ToolError('--on-bad-image ignore: expected "fail" or "skip"'));
    expect(() => subsetOptionsFromFlags({ limit: '2k' })).toThrow(new ToolError('--limit 2k: expected a whole number >= 1'));
    expect(() => subsetOptionsFromFlags({ seed: '-1' })).toThrow(new ToolError('--seed -1: expected a whole number >= 0'));
    expect(() => subsetOptionsFromFlags({ validation: '0' })).toThrow(new ToolError('--validation 0: expected a number > 0'));
  });
});
