/**
 * Issue 18, items 11 and 12: the data line names the path the user gave, also on a
 * cache hit made through another path to the same archive; and a web page server with
 * no data answers the page's data question with the reason (200), not a failed request.
 */
import { createServer, type Server } from 'node:http';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetRoute } from '../../src/train/browser/dataset-routes.js';
import { fetchDataset, fetchDatasetMeta, isUnavailable } from '../../src/train/browser/fetch-dataset.js';
import { loadDataset } from '../../src/train/data/load-dataset.js';
import { makeTarGz } from '../helpers/make-tar.js';
import { imageFolderItems } from '../train/data/helpers/synthetic-cifar.js';
import { tempWork } from './helpers/small-run.js';

const work = tempWork('data-line');
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the data line names the path given this time', () => {
  it('a cache hit through folder B (a link to A) says B, not A', async () => {
    const a = join(work, 'A');
    mkdirSync(a);
    writeFileSync(join(a, 'set.tar.gz'), makeTarGz((await imageFolderItems(['cat', 'dog'], { train: 2, test: 1 })).items));
    symlinkSync(a, join(work, 'B'));
    const cacheDir = join(work, 'cache');
    const first = await loadDataset({ data: join(a, 'set.tar.gz'), cacheDir });
    expect(first.source).toBe(`image folder ${join(a, 'set.tar.gz')} (decoded, cached)`);
    const second = await loadDataset({ data: join(work, 'B', 'set.tar.gz'), cacheDir });
    expect(second.source).toBe(`image folder ${join(work, 'B', 'set.tar.gz')} (cache hit)`);
  });
});

describe('web page server without data', () => {
  let server: Server;
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('meta.json answers 200 with the reason; the page is told, no request fails', async () => {
    const route = datasetRoute(() => Promise.reject(new Error('no CIFAR-10 data: pass --data PATH')));
    server = createServer((request, response) => route(request, response, request.url!.replace(/^\/data\//, '')));
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data`;
    const response = await fetch(`${base}/meta.json`);
    expect(response.status).toBe(200);
    const meta = await fetchDatasetMeta(base);
    expect(isUnavailable(meta) && meta.reason).toBe('no CIFAR-10 data: pass --data PATH');
    await expect(fetchDataset(base)).rejects.toThrow('no training data: no CIFAR-10 data: pass --data PATH');
  });
});
