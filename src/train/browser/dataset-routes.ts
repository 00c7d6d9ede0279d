/**
 * Node side of shipping a dataset to a page: answers `GET <prefix>/meta.json` and the
 * four raw byte arrays under a local server's prefix (see fetch-dataset.ts for the
 * page side). Bytes go over HTTP rather than the automation channel, which is JSON
 * and would inflate 150 MB of pixels several times over.
 *
 * The dataset may still be loading (the web page server starts before the archive is
 * decoded): requests wait for it. No data is an expected condition, not a server
 * fault: meta.json then answers 200 with `{available: false, reason}` for the page to
 * show (a 503 would be logged by the browser as a failed request); the byte files,
 * which a page only asks for after a good meta.json, answer 503.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dataset } from '../data/dataset.js';

export interface DatasetMeta {
  classNames: string[];
  source: string;
  train: { count: number };
  test: { count: number };
}

/** meta.json when the data could not be loaded. */
export interface DatasetUnavailable {
  available: false;
  reason: string;
}

export const DATASET_FILES = ['train-images.bin', 'train-labels.bin', 'test-images.bin', 'test-labels.bin'] as const;

function bytesOf(dataset: Dataset, file: string): Uint8Array | null {
  switch (file) {
    case 'train-images.bin':
      return dataset.train.images;
    case 'train-labels.bin':
      return dataset.train.labels;
    case 'test-images.bin':
      return dataset.test.images;
    case 'test-labels.bin':
      return dataset.test.labels;
    default:
      return null;
  }
}

export function metaOf(dataset: Dataset): DatasetMeta {
  return { classNames: dataset.classNames, source: dataset.source, train: { count: dataset.train.count }, test: { count: dataset.test.count } };
}

/** A route handler (request, response, path below the prefix) serving `load()`'s dataset. */
export function datasetRoute(load: () => Promise<Dataset>) {
  return (_request: IncomingMessage, response: ServerResponse, rest: string): void => {
    load().then(
      (dataset) => {
        if (rest === 'meta.json') {
          response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(metaOf(dataset)));
          return;
        }
        const bytes = bytesOf(dataset, rest);
        if (!bytes) return void response.writeHead(404, { 'content-type': 'text/plain' }).end(`no dataset file ${rest}`);
        response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length, 'cache-control': 'no-store' }).end(bytes);
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if (rest === 'meta.json') {
          const unavailable: DatasetUnavailable = { available: false, reason: message };
          response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(unavailable));
          return;
        }
        response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end(`the dataset could not be loaded: ${message}`);
      },
    );
  };
}
