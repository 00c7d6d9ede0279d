/**
 * The local server pages are served from: cross-origin isolation headers on every
 * response (wasm threads need them), the content types browsers insist on, mounted
 * folders that cannot be escaped, and dynamic routes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalServer } from '../../src/browser/local-server.js';

let server: LocalServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'local-server-'));
  writeFileSync(join(dir, 'ort.wasm'), new Uint8Array([0, 97, 115, 109]));
  writeFileSync(join(dir, 'ort.mjs'), 'export {};');
  writeFileSync(join(tmpdir(), 'outside-the-mount.txt'), 'secret');
  server = await LocalServer.start();
  server.file('/', '<!doctype html>');
  server.file('/pages/1/', '<!doctype html>');
  server.file('/bundle.js', 'console.log(1)');
  server.mount('/ort/', dir);
  server.handle('/echo', (request, response, rest) => response.writeHead(200).end(`${request.method} ${rest}`));
  server.handle('/broken', () => {
    throw new Error('handler bug');
  });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(join(tmpdir(), 'outside-the-mount.txt'), { force: true });
});

const get = (path: string, init?: RequestInit) => fetch(`${server.origin}${path}`, init);

describe('LocalServer', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it.each(['/', '/bundle.js', '/ort/ort.wasm', '/nothing-here', '/echo/x'])('sends cross-origin isolation headers on %s', async (path) => {
    const response = await get(path);
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(response.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
  });

  it.each([
    ['/', 'text/html; charset=utf-8'],
    ['/pages/1/', 'text/html; charset=utf-8'],
    ['/bundle.js', 'text/javascript; charset=utf-8'],
    ['/ort/ort.mjs', 'text/javascript; charset=utf-8'],
    ['/ort/ort.wasm', 'application/wasm'],
  ])('serves %s as %s', async (path, type) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
  });

  it('serves mounted files byte for byte', async () => {
    expect(new Uint8Array(await (await get('/ort/ort.wasm')).arrayBuffer())).toEqual(new Uint8Array([0, 97, 115, 109]));
  });

  it('never serves a file outside a mounted folder', async () => {
    expect((await get('/ort/..%2Foutside-the-mount.txt')).status).toBe(404);
    expect((await get('/ort/../outside-the-mount.txt')).status).toBe(404);
  });

  it('answers unknown paths with 404 and the favicon request with an empty 204', async () => {
    expect((await get('/missing.js')).status).toBe(404);
    expect((await get('/favicon.ico')).status).toBe(204);
  });

  it('routes everything under a handler prefix to the handler, with the rest of the path', async () => {
    expect(await (await get('/echo/abc', { method: 'POST', body: 'x' })).text()).toBe('POST abc');
  });

  it('answers a malformed path with 400 and a failing handler with 500, and keeps serving', async () => {
    expect((await get('/%E0%A4%A')).status).toBe(400);
    const broken = await get('/broken/x');
    expect([broken.status, await broken.text()]).toEqual([500, 'handler bug']);
    expect((await get('/bundle.js')).status).toBe(200);
  });

  it('refuses a port already in use with one line', async () => {
    const port = Number(new URL(server.origin).port);
    await expect(LocalServer.start({ port })).rejects.toThrow(`cannot serve on 127.0.0.1:${port}: EADDRINUSE`);
  });
});
