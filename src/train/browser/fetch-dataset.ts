/**
 * Page side of shipping a dataset (see dataset-routes.ts): fetches the metadata and
 * the four byte arrays from the local server and checks their sizes before use.
 */
import { IMAGE_BYTES } from '../../image/input-size.js';
import type { Dataset, ImageSplit } from '../data/dataset.js';
import type { DatasetMeta, DatasetUnavailable } from './dataset-routes.js';

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${(await response.text()).slice(0, 300)}`);
  return response;
}

async function fetchBytes(url: string, expected: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(await (await fetchOk(url)).arrayBuffer());
  if (bytes.length !== expected) throw new Error(`${url}: ${bytes.length} bytes, expected ${expected}`);
  return bytes;
}

/** The served data's description, or why the server has none (no data is not a failed request). */
export async function fetchDatasetMeta(base = '/data'): Promise<DatasetMeta | DatasetUnavailable> {
  return (await (await fetchOk(`${base}/meta.json`)).json()) as DatasetMeta | DatasetUnavailable;
}

export function isUnavailable(meta: DatasetMeta | DatasetUnavailable): meta is DatasetUnavailable {
  return (meta as DatasetUnavailable).available === false;
}

async function fetchSplit(base: string, name: 'train' | 'test', count: number): Promise<ImageSplit> {
  const [images, labels] = await Promise.all([
    fetchBytes(`${base}/${name}-images.bin`, count * IMAGE_BYTES),
    fetchBytes(`${base}/${name}-labels.bin`, count),
  ]);
  return { images, labels, count };
}

export async function fetchDataset(base = '/data'): Promise<Dataset> {
  const meta = await fetchDatasetMeta(base);
  if (isUnavailable(meta)) throw new Error(`no training data: ${meta.reason}`);
  const [train, test] = await Promise.all([fetchSplit(base, 'train', meta.train.count), fetchSplit(base, 'test', meta.test.count)]);
  return { classNames: meta.classNames, source: meta.source, train, test };
}
