import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { downloadVerified, partialPathFor, quarantinePathFor } from '../../src/util/download.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const payload = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 31) % 251));
const md5 = createHash('md5').update(payload).digest('hex');

interface Served {
  url: string;
  requests: { range: string | undefined }[];
}

type Handler = (req: IncomingMessage, res: ServerResponse, requestIndex: number) => void;

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

/** Serves `body` with Range support; `breakFirst` cuts the first response after that many bytes. */
async function serve(body: Buffer, options: { breakFirst?: number; handler?: Handler } = {}): Promise<Served> {
  const requests: Served['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ range: req.headers.range });
    if (options.handler) return options.handler(req, res, requests.length - 1);
    const match = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = match ? Number(match[1]) : 0;
    const headers: Record<string, string | number> = { 'Content-Length': body.length - start };
    if (match) headers['Content-Range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
    res.writeHead(match ? 206 : 200, headers);
    if (options.breakFirst !== undefined && requests.length === 1) {
      res.write(body.subarray(start, start + options.breakFirst), () => res.destroy());
      return;
    }
    res.end(body.subarray(start));
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cifar-10-binary.tar.gz`, requests };
}

describe('downloadVerified', () => {
  it('downloads, verifies and renames into place, reporting progress', async () => {
    const { url } = await serve(payload);
    const dest = join(tempDir(), 'release.tar.gz');
    const seen: number[] = [];
    await downloadVerified({ url, dest, md5, size: payload.length }, { onProgress: (got) => seen.push(got) });
    expect(readFileSync(dest).equals(payload)).toBe(true);
    expect(existsSync(partialPathFor(dest))).toBe(false);
    expect(seen.at(-1)).toBe(payload.length);
  });

  it('resumes with a Range request after the connection breaks', async () => {
    const served = await serve(payload, { breakFirst: 100_000 });
    const dest = join(tempDir(), 'release.tar.gz');
    const log: string[] = [];
    await downloadVerified({ url: served.url, dest, md5 }, { retryDelayMs: 10, log: (l) => log.push(l) });
    expect(readFileSync(dest).equals(payload)).toBe(true);
    expect(served.requests.length).toBe(2);
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(served.requests[1]!.range ?? '')?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThan(payload.length);
    expect(log.join('\n')).toMatch(/download interrupted at byte \d+/);
  });

  it('resumes a .partial file left by an earlier run', async () => {
    const served = await serve(payload);
    const dest = join(tempDir(), 'release.tar.gz');
    writeFileSync(partialPathFor(dest), payload.subarray(0, 123_456));
    await downloadVerified({ url: served.url, dest, md5, size: payload.length });
    expect(served.requests.map((r) => r.range)).toEqual(['bytes=123456-']);
    expect(readFileSync(dest).equals(payload)).toBe(true);
  });

  it('starts over when the server ignores the Range request', async () => {
    const served = await serve(payload, {
      handler: (_req, res) => {
        res.writeHead(200, { 'Content-Length': payload.length });
        res.end(payload);
      },
    });
    const dest = join(tempDir(), 'release.tar.gz');
    writeFileSync(partialPathFor(dest), Buffer.alloc(5000, 9)); // junk from somewhere else
    await downloadVerified({ url: served.url, dest, md5 });
    expect(readFileSync(dest).equals(payload)).toBe(true);
  });

  it('quarantines a file whose checksum is wrong and never puts it in place', async () => {
    const tampered = Buffer.from(payload);
    tampered[1000]! ^= 0xff;
    const { url } = await serve(tampered);
    const dir = tempDir();
    const dest = join(dir, 'release.tar.gz');
    await expect(downloadVerified({ url, dest, md5, size: payload.length })).rejects.toThrow(
      new RegExp(`fails its check \\(md5 [0-9a-f]{32}, 300000 bytes; expected md5 ${md5}, 300000 bytes\\); moved to .*release\\.tar\\.gz\\.quarantined and not used`),
    );
    expect(existsSync(dest)).toBe(false);
    expect(readFileSync(quarantinePathFor(dest)).equals(tampered)).toBe(true);
    expect(readdirSync(dir)).toEqual(['release.tar.gz.quarantined']);
  });

  it('gives up at once on a 404, naming the URL', async () => {
    const { url } = await serve(payload, {
      handler: (_req, res) => {
        res.writeHead(404);
        res.end();
      },
    });
    const dest = join(tempDir(), 'release.tar.gz');
    await expect(downloadVerified({ url, dest, md5 }, { retryDelayMs: 1 })).rejects.toThrow(`GET ${url}: HTTP 404 Not Found`);
    expect(existsSync(dest)).toBe(false);
  });

  it('stops at once when the host does not exist', async () => {
    const dest = join(tempDir(), 'release.tar.gz');
    const log: string[] = [];
    await expect(downloadVerified({ url: 'http://no-such-host.invalid/x.tar.gz', dest, md5 }, { log: (l) => log.push(l) })).rejects.toThrow(
      /^GET http:\/\/no-such-host\.invalid\/x\.tar\.gz: getaddrinfo (ENOTFOUND|EAI_AGAIN) no-such-host\.invalid \(no network\?\)$/,
    );
    expect(log).toEqual([]); // no retry
    expect(existsSync(partialPathFor(dest))).toBe(false);
  });

  it('keeps the partial bytes and says how to resume when every retry fails', async () => {
    const served = await serve(payload, {
      handler: (_req, res) => {
        res.writeHead(200, { 'Content-Length': payload.length });
        res.write(payload.subarray(0, 1000), () => res.destroy());
      },
    });
    const dest = join(tempDir(), 'release.tar.gz');
    await expect(downloadVerified({ url: served.url, dest, md5 }, { retries: 2, retryDelayMs: 1 })).rejects.toThrow(
      /failed after 3 attempts \(.*\); \d+ bytes kept in .*release\.tar\.gz\.partial, run again to resume/,
    );
    expect(served.requests.length).toBe(3);
    expect(existsSync(dest)).toBe(false);
  });
});
