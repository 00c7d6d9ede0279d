/**
 * Node's end of the bridge's byte channel, served under BLOB_ROUTE by the local server:
 * Node parks bytes for a page to GET (each blob can be taken once), and a page POSTs
 * bytes that Node then takes by id.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BLOB_ROUTE } from './bridge-protocol.js';
import type { LocalServer } from './local-server.js';

export class BlobExchange {
  private readonly blobs = new Map<string, Uint8Array>();

  constructor(server: LocalServer) {
    server.handle(BLOB_ROUTE, (request, response, id) => this.respond(request, response, id));
  }

  /** Parks a copy of `bytes` (the caller may reuse its buffer) and returns its id. */
  async put(bytes: Uint8Array): Promise<string> {
    const id = randomUUID();
    this.blobs.set(id, bytes.slice());
    return id;
  }

  /** Removes and returns a blob as its own ArrayBuffer (aligned for any typed array). */
  async take(id: string): Promise<ArrayBuffer> {
    const bytes = this.blobs.get(id);
    if (!bytes) throw new Error(`bridge: the page sent blob ${id}, which Node does not hold`);
    this.blobs.delete(id);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  /** Forgets blobs a failed call left behind. */
  discard(ids: Iterable<string>): void {
    for (const id of ids) this.blobs.delete(id);
  }

  private respond(request: IncomingMessage, response: ServerResponse, id: string): void {
    if (request.method === 'GET') {
      const bytes = this.blobs.get(id);
      if (!bytes) return void response.writeHead(404).end();
      this.blobs.delete(id);
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.byteLength }).end(bytes);
      return;
    }
    if (request.method === 'POST' && id === '') {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const stored = randomUUID();
        this.blobs.set(stored, Buffer.concat(chunks));
        response.writeHead(200, { 'content-type': 'text/plain' }).end(stored);
      });
      return;
    }
    response.writeHead(405).end();
  }
}
