/**
 * What `web` serves on 127.0.0.1: the built page (web/dist/, onnxruntime-web's files
 * included), the default model, and CIFAR-10 from the configured data source — loaded
 * in the background, so the page is usable (Classify) while the archive decodes.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { basename, join } from 'node:path';
import { LocalServer } from '../browser/local-server.js';
import { datasetRoute } from '../train/browser/dataset-routes.js';
import type { Dataset } from '../train/data/dataset.js';
import { loadDataset, type LoadOptions } from '../train/data/load-dataset.js';
import { prepareSubsets, type SubsetOptions } from '../train/data/subset.js';
import { ToolError } from '../util/errors.js';
import { DATA_PREFIX, DEFAULT_MODEL_PATH, MODEL_NAME_HEADER } from './web-routes.js';

export interface WebServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** The built page (web/dist/). */
  root: string;
  /** The model the page starts with, or null for none. */
  model: string | null;
  data: LoadOptions;
  subset: SubsetOptions;
  log(line: string): void;
}

export interface WebServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** Settles when the dataset is loaded (or failed; the page is told why). */
  dataset: Promise<Dataset>;
  close(): Promise<void>;
}

export async function startWebServer(o: WebServerOptions): Promise<WebServer> {
  const index = join(o.root, 'index.html');
  if (!existsSync(index)) throw new ToolError(`${o.root}: the page is not built (run "npm run build:web")`);
  const model = o.model === null ? null : { name: basename(o.model), bytes: readModel(o.model) };

  const dataset = loadDataset({ ...o.data, log: o.log }).then((raw) => prepareSubsets(raw, o.subset).dataset);
  dataset.then(
    (d) => o.log(`data: ${d.source}; ${d.train.count} training and ${d.test.count} test images`),
    (error: unknown) => o.log(`data: not available (${error instanceof Error ? error.message : String(error)}); Train and Parity will say so`),
  );

  const server = await LocalServer.start({ port: o.port });
  server.file('/', readFileSync(index));
  server.mount('/', o.root);
  server.handle(DATA_PREFIX, datasetRoute(() => dataset));
  server.handle(dirnameOf(DEFAULT_MODEL_PATH), (_request, response, rest) => serveModel(response, rest, model));
  return { origin: server.origin, dataset, close: () => server.close() };
}

function readModel(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ToolError(`--model ${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

function dirnameOf(urlPath: string): string {
  return urlPath.slice(0, urlPath.lastIndexOf('/'));
}

function serveModel(response: ServerResponse, rest: string, model: { name: string; bytes: Uint8Array } | null): void {
  if (rest !== basename(DEFAULT_MODEL_PATH)) return void response.writeHead(404).end();
  // 204, not 404: "no default model" is a normal state, and a 404 would be a console error.
  if (!model) return void response.writeHead(204).end();
  response.writeHead(200, { 'content-type': 'application/octet-stream', 'cache-control': 'no-store', [MODEL_NAME_HEADER]: model.name }).end(model.bytes);
}
