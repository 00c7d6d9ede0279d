/**
 * engine-webgl2 on real models (issue #16): verify-parity runs the zoo's CNNs and
 * transformer through the graph executor's webgl2 device in headless Chromium
 * (SwiftShader) and every output matches PyTorch's `expected` within atol 1e-4 —
 * MobileNetV2 side by side with engine-cpu and onnxruntime-node, the issue's
 * done-when command.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/verify-parity.js';
import { fixturesDir } from '../helpers/paths.js';
import { runInProcess } from './run-command.js';

const ZOO = join(fixturesDir, 'zoo');
type Json = Record<string, any>;

async function verify(name: string, runtimes: string[]): Promise<{ code: number; out: Json }> {
  const r = await runInProcess(main, [join(ZOO, name), '--runtimes', runtimes.join(','), '--atol', '1e-4', '--rtol', '0', '--threads', '2', '--json', '--quiet']);
  return { code: r.code, out: JSON.parse(r.stdout || '{}') as Json };
}

describe('engine-webgl2 runs the zoo models within 1e-4 of PyTorch', () => {
  it('mobilenet_v2 on engine-cpu, engine-webgl2 and ort-node', async () => {
    const { code, out } = await verify('mobilenet_v2', ['engine-cpu', 'engine-webgl2', 'ort-node']);
    const webgl2 = out.runtimes.find((r: Json) => r.name === 'engine-webgl2');
    expect(webgl2).toMatchObject({ available: true });
    expect(webgl2.provider).toMatch(/graph executor on the webgl2 device on ANGLE .*SwiftShader/);
    expect(out.problems).toEqual([]);
    expect(code).toBe(0);
  }, 600_000);

  it.each(['squeezenet1_1', 'two-heads', 'tiny-transformer'])('%s', async (name) => {
    const { code, out } = await verify(name, ['engine-webgl2']);
    const comparisons = out.comparisons.filter((c: Json) => c.runtime === 'engine-webgl2');
    expect(comparisons.length).toBeGreaterThan(0);
    for (const c of comparisons) expect(c).toMatchObject({ pass: true, failingElements: 0 });
    expect(code).toBe(0);
  }, 600_000);
});
