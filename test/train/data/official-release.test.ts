import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IMAGE_BYTES } from '../../../src/image/input-size.js';
import { CIFAR10_CLASSES } from '../../../src/graph/model-spec.js';
import { loadDataset } from '../../../src/train/data/load-dataset.js';
import { ensureOfficialRelease, loadBinaryFolder, OFFICIAL_RELEASE } from '../../../src/train/data/official-release.js';
import { makeTarGz } from '../../helpers/make-tar.js';
import { releaseFiles, releaseTarItems, writeReleaseFolder } from './helpers/synthetic-cifar.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

async function serveBytes(body: Buffer): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'Content-Length': body.length });
    res.end(body);
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cifar-10-binary.tar.gz`, hits: () => hits };
}

const release = releaseFiles(4);
const archive = makeTarGz(releaseTarItems(release.files));
const remoteFor = (url: string) => ({ url, md5: createHash('md5').update(archive).digest('hex'), size: archive.length });

function expectRelease(dataset: Awaited<ReturnType<typeof loadDataset>>): void {
  expect(dataset.classNames).toEqual([...CIFAR10_CLASSES]);
  expect(dataset.train.count).toBe(20);
  expect(dataset.test.count).toBe(4);
  // The third training batch's second image lands at index 2*4+1, labels and pixels intact.
  const third = release.train[2]!;
  expect(dataset.train.labels[9]).toBe(third.labels[1]);
  expect(Buffer.from(dataset.train.images.subarray(9 * IMAGE_BYTES, 10 * IMAGE_BYTES)).equals(Buffer.from(third.images.subarray(IMAGE_BYTES, 2 * IMAGE_BYTES)))).toBe(true);
  expect([...dataset.test.labels]).toEqual([...release.test.labels]);
}

describe('the official binary release', () => {
  it('is downloaded, verified and extracted into the cache directory, then reused', async () => {
    const server = await serveBytes(archive);
    const cacheDir = tempDir('cache');
    const folder = await ensureOfficialRelease(cacheDir, { remote: remoteFor(server.url) });
    expect(folder).toBe(join(cacheDir, OFFICIAL_RELEASE.folderName));
    expect(readdirSync(folder).sort()).toEqual([...release.files.keys()].sort());
    expectRelease(loadBinaryFolder(folder));
    expect(await ensureOfficialRelease(cacheDir, { remote: remoteFor(server.url) })).toBe(folder);
    expect(server.hits()).toBe(1);
  });

  it('is what loadDataset fetches when neither --data nor $CIFAR10_DATA is set', async () => {
    const server = await serveBytes(archive);
    const cacheDir = tempDir('cache');
    const dataset = await loadDataset({ cacheDir, env: {}, download: { remote: remoteFor(server.url) } });
    expectRelease(dataset);
    expect(dataset.source).toBe(`binary folder ${join(cacheDir, OFFICIAL_RELEASE.folderName)}`);
  });

  it('is never extracted from a download that fails its checksum', async () => {
    const server = await serveBytes(archive);
    const cacheDir = tempDir('cache');
    const remote = { ...remoteFor(server.url), md5: '0'.repeat(32) };
    await expect(ensureOfficialRelease(cacheDir, { remote })).rejects.toThrow(/fails its check .* moved to .*quarantined and not used/);
    expect(readdirSync(cacheDir)).toEqual([`${OFFICIAL_RELEASE.archiveName}.quarantined`]);
  });

  it('reads the extracted folder, its parent, the tar.gz and a folder holding the tar.gz', async () => {
    const root = tempDir('release');
    const folder = join(root, 'extracted', OFFICIAL_RELEASE.folderName);
    writeReleaseFolder(folder, release.files);
    const holder = join(root, 'holder');
    writeReleaseFolder(holder, new Map([[OFFICIAL_RELEASE.archiveName, archive]]));
    const cacheDir = tempDir('cache');
    for (const data of [folder, join(root, 'extracted'), join(holder, OFFICIAL_RELEASE.archiveName), holder]) {
      expectRelease(await loadDataset({ data, cacheDir }));
    }
    expect(existsSync(join(holder, OFFICIAL_RELEASE.folderName))).toBe(false); // nothing written next to the source
  });

  it('names a missing batch file', async () => {
    const folder = tempDir('release');
    const partial = new Map(release.files);
    partial.delete('data_batch_4.bin');
    writeReleaseFolder(folder, partial);
    const tar = join(tempDir(), 'cifar-10-binary.tar.gz');
    writeFileSync(tar, makeTarGz(releaseTarItems(partial)));
    await expect(loadDataset({ data: folder, cacheDir: tempDir('cache') })).rejects.toThrow(/no CIFAR-10 data here/);
    await expect(loadDataset({ data: tar, cacheDir: tempDir('cache') })).rejects.toThrow(
      /cifar-10-binary\.tar\.gz:cifar-10-batches-bin: missing data_batch_4\.bin of the CIFAR-10 binary release/,
    );
  });
});
