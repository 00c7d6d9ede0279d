/**
 * A small HTTP server on 127.0.0.1 for pages we drive: in-memory files (bundles, HTML),
 * folders mounted under a URL prefix (onnxruntime-web's dist files), and handlers for
 * dynamic routes (the page bridge's data exchange). Nothing is ever fetched from the
 * internet: every asset a page loads comes from here.
 *
 * Every response is cross-origin isolated (COOP same-origin + COEP require-corp) because
 * wasm threads need SharedArrayBuffer, which browsers only grant to isolated pages —
 * without it onnxruntime-web silently drops to one thread. 127.0.0.1 is also a secure
 * context, which WebGPU requires.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import { contentTypeOf } from './content-types.js';

export type RouteHandler = (request: IncomingMessage, response: ServerResponse, rest: string) => void;

const ISOLATION_HEADERS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
} as const;

export interface LocalServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Let browsers cache mounted folders (a page server for people); tests and runtimes want no-store. */
  cacheMounted?: boolean;
}

export class LocalServer {
  private readonly files = new Map<string, { body: string | Uint8Array; type: string }>();
  private readonly mounts: { prefix: string; dir: string }[] = [];
  private readonly handlers: { prefix: string; handle: RouteHandler }[] = [];

  private constructor(
    private readonly server: Server,
    private readonly options: LocalServerOptions,
  ) {
    server.on('request', (request, response) => this.respond(request, response));
  }

  /** Starts listening; rejects with one line when the port is taken. */
  static async start(options: LocalServerOptions = {}): Promise<LocalServer> {
    const server = createServer();
    const local = new LocalServer(server, options);
    await new Promise<void>((done, fail) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        fail(new Error(`cannot serve on 127.0.0.1:${options.port ?? 0}: ${error.code ?? error.message}`)),
      );
      server.listen(options.port ?? 0, '127.0.0.1', () => done());
    });
    return local;
  }

  /** `http://127.0.0.1:PORT` (no trailing slash). */
  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Serves `body` at exactly `path` (e.g. `/bundle.js`); the type follows the extension (a folder path is HTML) unless given. */
  file(path: string, body: string | Uint8Array, type?: string): void {
    this.files.set(path, { body, type: type ?? contentTypeOf(path.endsWith('/') ? '.html' : extname(path)) });
  }

  /** Serves the files of `dir` under `prefix/` (never anything outside `dir`). */
  mount(prefix: string, dir: string): void {
    this.mounts.push({ prefix: trimSlash(prefix), dir: resolve(dir) });
  }

  /** Routes every request under `prefix/` to `handle`, with the rest of the path. */
  handle(prefix: string, handle: RouteHandler): void {
    this.handlers.push({ prefix: trimSlash(prefix), handle });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  private respond(request: IncomingMessage, response: ServerResponse): void {
    for (const [name, value] of Object.entries(ISOLATION_HEADERS)) response.setHeader(name, value);
    // A bad request or a failing handler must never take the process (verify-parity) down.
    try {
      this.route(request, response);
    } catch (error) {
      if (!response.headersSent) response.writeHead(error instanceof URIError ? 400 : 500, { 'content-type': 'text/plain' });
      response.end(error instanceof Error ? error.message : String(error));
    }
  }

  private route(request: IncomingMessage, response: ServerResponse): void {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    const handler = this.handlers.find((h) => path.startsWith(`${h.prefix}/`));
    if (handler) return handler.handle(request, response, path.slice(handler.prefix.length + 1));
    const file = this.files.get(path);
    if (file) {
      response.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
      return;
    }
    for (const mount of this.mounts) {
      if (path.startsWith(`${mount.prefix}/`) && this.sendFromMount(mount.dir, path.slice(mount.prefix.length + 1), response)) return;
    }
    // Chromium asks every page for a favicon; answering keeps the console free of 404 errors.
    if (path === '/favicon.ico') return void response.writeHead(204).end();
    response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
  }

  private sendFromMount(dir: string, rest: string, response: ServerResponse): boolean {
    const full = resolve(dir, rest);
    const inside = relative(dir, full);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return false;
    let size: number;
    try {
      const info = statSync(full);
      if (!info.isFile()) return false;
      size = info.size;
    } catch {
      return false;
    }
    response.writeHead(200, {
      'content-type': contentTypeOf(extname(full)),
      'content-length': size,
      'cache-control': this.options.cacheMounted ? 'max-age=3600' : 'no-store',
    });
    createReadStream(full).pipe(response);
    return true;
  }
}

function trimSlash(prefix: string): string {
  return prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
}
