/**
 * Where WebGL2 cannot run: the probe says why in one line and the caller falls
 * back to the CPU backend (in Chromium without any GL, with canvases that
 * refuse WebGL2 or float render targets, and in Node). And when a shader does
 * not compile: the error carries the numbered source with the failing line marked.
 * When the context is lost: every later call says so, instead of returning zeros.
 * And the backend runs in a Worker, off the page's main thread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTEXT_LOST, probeWebgl2 } from '../../../../src/graph/backends/webgl2/index.js';
import { numberedSource, parseFailingLines } from '../../../../src/graph/backends/webgl2/shader-compile-error.js';
import { bundlePage } from '../../../../src/browser/bundle-page.js';
import { openPage, type PageSession } from '../../../browser/harness.js';

const entry = new URL('./pages/environment.page.ts', import.meta.url).pathname;
type Choice = { backend: string; reason: string };

describe('webgl2 in a browser with WebGL2', () => {
  let session: PageSession;
  beforeAll(async () => {
    const worker = await bundlePage(new URL('./pages/kernel.worker.ts', import.meta.url).pathname);
    session = await openPage({ entry, files: { '/kernel.worker.js': worker } });
  });
  afterAll(async () => {
    await session?.close();
  });

  it('uses WebGL2 when it works and falls back to the CPU with a one-line reason otherwise', async () => {
    const f = await session.call<Record<string, Choice> & { probe: { ok: boolean } }>('fallbacks');
    expect(f.probe).toEqual({ ok: true });
    expect(f.real?.backend).toBe('webgl2');
    expect(f.noWebgl2).toEqual({
      backend: 'reference-float32',
      reason: 'webgl2 unavailable (WebGL2 is not available (getContext("webgl2") returned null)); falling back to reference-float32',
    });
    expect(f.throwing!.reason).toContain('WebGL2 context creation threw: blocked by policy');
    expect(f.noFloatTargets).toEqual({
      backend: 'reference-float32',
      reason: 'webgl2 unavailable (float render targets are not supported (no EXT_color_buffer_float)); falling back to reference-float32',
    });
    for (const choice of Object.values(f) as Choice[]) if ('reason' in choice) expect(choice.reason).not.toContain('\n');
  });

  it('reports a shader compile error with the numbered source and the failing line marked', async () => {
    const e = await session.call<{ name: string; message: string; failingLines: number[]; lines: string[] }>('compileBroken');
    expect(e.name).toBe('ShaderCompileError');
    expect(e.failingLines).toHaveLength(1);
    const bad = e.failingLines[0]!;
    expect(e.lines[bad - 1]).toContain('undefinedScale');
    expect(e.message).toContain("'undefinedScale' : undeclared identifier");
    expect(e.message).toMatch(new RegExp(`\\n>> +${bad} \\|  +result = y \\* undefinedScale;`));
    expect(e.message).toMatch(/\n +1 \| #version 300 es/);
  });

  it('reports a lost context clearly on every later call', async () => {
    const reported = await session.call<Record<string, string>>('loseContext');
    const expected = `BackendError: ${CONTEXT_LOST}`;
    expect(reported).toEqual({ kernel: expected, upload: expected, read: expected });
  });

  it('runs in a Worker on an OffscreenCanvas', async () => {
    const result = await session.call<{ maxRel: number; backend: string; inWorker: boolean }>(
      'kernelInWorker',
      'conv2d lenet conv1 3→6 32x32',
    );
    expect(result).toMatchObject({ backend: 'webgl2', inWorker: true });
    expect(result.maxRel).toBeLessThanOrEqual(1e-4);
  });

  it('logged no page errors', () => {
    // The broken shader is compiled directly, so Chromium logs nothing for it either.
    expect(session.problems).toEqual([]);
  });
});

describe('webgl2 where WebGL2 is unavailable', () => {
  it('falls back in Chromium with neither a GPU nor its software rasteriser', async () => {
    // --disable-gpu alone still gives WebGL on SwiftShader; without it there is none.
    const session = await openPage({ entry, extraArgs: ['--disable-software-rasterizer'] });
    try {
      const f = await session.call<Record<string, Choice> & { probe: { ok: boolean; reason: string } }>('fallbacks');
      expect(f.probe.ok).toBe(false);
      expect(f.real).toEqual({
        backend: 'reference-float32',
        reason: `webgl2 unavailable (${f.probe.reason}); falling back to reference-float32`,
      });
      expect(f.probe.reason).toMatch(/WebGL2 is not available|context creation threw/);
    } finally {
      await session.close();
    }
  });

  it('says why in Node, where there is no canvas at all', () => {
    expect(probeWebgl2()).toEqual({ ok: false, reason: 'no canvas in this environment (neither OffscreenCanvas nor document)' });
  });
});

describe('compile-error formatting', () => {
  it('parses the failing lines from a driver log', () => {
    expect(parseFailingLines("ERROR: 0:12: 'x' : undeclared identifier\nERROR: 0:12: '' : compilation terminated\nERROR: 0:30: 'y'")).toEqual([12, 30]);
  });

  it('numbers every line and marks the failing ones', () => {
    expect(numberedSource('a\nb\nc', [2])).toBe('   1 | a\n>> 2 | b\n   3 | c');
  });
});
