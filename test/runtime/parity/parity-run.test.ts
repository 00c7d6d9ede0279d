import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modelFromBytes } from '../../../src/runtime/model-under-test.js';
import { parseOutputsFile } from '../../../src/runtime/parity/outputs-file.js';
import { imagesOf, randomInputs, type ParityInputs } from '../../../src/runtime/parity/parity-inputs.js';
import { runParity, type ParityOptions } from '../../../src/runtime/parity/parity-run.js';
import { createRuntimeContext } from '../../../src/runtime/runtime-context.js';
import type { Runtime } from '../../../src/runtime/runtime.js';
import { fakeLogits, fakeRuntime } from '../fake-runtime.js';
import { LEGACY_MODEL } from '../torch-fixture.js';

const model = modelFromBytes(readFileSync(LEGACY_MODEL), 'lenet.onnx', 'lenet.onnx');
const inputs = randomInputs(20, 1, 'test');
const tolerance = { atol: 1e-5, rtol: 1e-5 };

function options(reference: Runtime, runtimes: Runtime[], over: Partial<ParityOptions> = {}): ParityOptions {
  return {
    model,
    modelName: 'lenet.onnx',
    inputs,
    runtimes,
    reference: { runtime: reference },
    tolerance: () => tolerance,
    require: null,
    context: createRuntimeContext({ threads: 1 }),
    ...over,
  };
}

describe('runParity', () => {
  it('passes runtimes that agree within tolerance, labels classes from CIFAR-10 and closes every session', async () => {
    const reference = fakeRuntime('ref');
    const close = fakeRuntime('close', { kind: 'ok', perturb: (row) => (row[3]! += 4e-6) });
    const result = await runParity(options(reference, [reference, close]));
    expect(result).toMatchObject({ pass: true, exitCode: 0, problems: [], reference: 'ref', classes: 10 });
    expect(result.labels[0]).toBe('airplane');
    expect(result.comparisons).toHaveLength(1); // the reference is not compared with itself
    expect(result.comparisons[0]).toMatchObject({ runtime: 'close', reference: 'ref', pass: true, top1Agreement: 1 });
    expect(result.comparisons[0]!.maxAbsDiff).toBeCloseTo(4e-6, 7); // float32 rounding of 0.3 + 4e-6
    expect(result.runtimes.map((r) => [r.name, r.provider])).toEqual([
      ['ref', 'ref provider'],
      ['close', 'close provider'],
    ]);
    expect([reference.closed, close.closed]).toEqual([1, 1]);
  });

  it('fails with exit 1 and lists the images whose top-1 flips', async () => {
    const flipper = fakeRuntime('flipper', { kind: 'ok', perturb: (row, image) => { if (image === 7) row[(row.indexOf(5) + 1) % 10] = 6; } });
    const result = await runParity(options(fakeRuntime('ref'), [flipper]));
    expect(result.exitCode).toBe(1);
    expect(result.pass).toBe(false);
    const c = result.comparisons[0]!;
    expect(c.flips.map((f) => f.name)).toEqual(['random[7]']);
    expect(c.top1Agreement).toBeCloseTo(19 / 20, 12);
    expect(result.problems[0]).toMatch(/^flipper: 1 of 200 values beyond atol 1e-5 \/ rtol 1e-5, 1 top-1 flip$/);
  });

  it('applies a runtime its own tolerance', async () => {
    const loose = fakeRuntime('loose', { kind: 'ok', perturb: (row) => (row[0]! += 5e-5) });
    const strict = await runParity(options(fakeRuntime('ref'), [loose]));
    expect(strict.exitCode).toBe(1);
    const perRuntime = await runParity(options(fakeRuntime('ref'), [loose], { tolerance: (n) => (n === 'loose' ? { atol: 1e-4, rtol: 1e-4 } : tolerance) }));
    expect(perRuntime.exitCode).toBe(0);
    expect(perRuntime.comparisons[0]!.tolerance).toEqual({ atol: 1e-4, rtol: 1e-4 });
  });

  it('reports an unavailable runtime with its reason; exit 2 when required, listed but not failing when not', async () => {
    const missing = fakeRuntime('browser-thing', { kind: 'unavailable', reason: 'Chromium not found at /usr/bin/chromium' });
    const required = await runParity(options(fakeRuntime('ref'), [fakeRuntime('ok'), missing]));
    expect(required.exitCode).toBe(2);
    expect(required.problems).toEqual(['browser-thing: unavailable: Chromium not found at /usr/bin/chromium']);
    expect(required.runtimes[2]).toMatchObject({ name: 'browser-thing', available: false, provider: null, error: 'Chromium not found at /usr/bin/chromium' });

    const optional = await runParity(options(fakeRuntime('ref'), [fakeRuntime('ok'), missing], { require: new Set(['ok']) }));
    expect(optional).toMatchObject({ exitCode: 0, pass: true });
    expect(optional.runtimes.map((r) => r.name)).toContain('browser-thing');
  });

  it('a failing runtime that is not required does not fail the run, but its comparison still says FAIL', async () => {
    const wrong = fakeRuntime('webgpu-ish', { kind: 'ok', perturb: (row) => (row[0]! += 1.9) });
    const result = await runParity(options(fakeRuntime('ref'), [fakeRuntime('good'), wrong], { require: new Set(['good']) }));
    expect(result.exitCode).toBe(0);
    expect(result.comparisons.find((c) => c.runtime === 'webgpu-ish')).toMatchObject({ pass: false, required: false });
  });

  it('reports a runtime that fails mid-run by its message, without the stack', async () => {
    const result = await runParity(options(fakeRuntime('ref'), [fakeRuntime('crashy', { kind: 'throws-on-run', message: 'out of memory' })]));
    expect(result.exitCode).toBe(2);
    expect(result.runtimes[1]).toMatchObject({ available: true, error: 'failed while running: out of memory', provider: 'crashy provider' });
  });

  it('cannot check anything without the reference: exit 2', async () => {
    const result = await runParity(options(fakeRuntime('ref', { kind: 'unavailable', reason: 'nope' }), [fakeRuntime('a')]));
    expect(result.exitCode).toBe(2);
    expect(result.comparisons).toEqual([]);
    expect(result.problems).toEqual(['reference ref produced no outputs: nope']);
  });

  it('compares every runtime with saved outputs when given them', async () => {
    const rows = inputs.names.map((_, i) => fakeLogits(Math.round(imagesOf(inputs)[i * 3072]! * 255)));
    const saved = parseOutputsFile(JSON.stringify({ runtime: 'pytorch', images: inputs.names, logits: rows }), 'torch.json');
    const result = await runParity(options(fakeRuntime('unused'), [fakeRuntime('a'), fakeRuntime('b')], { reference: { saved, source: 'out/torch.json' } }));
    expect(result.reference).toBe('file:torch.json');
    expect(result.runtimes[0]).toMatchObject({ provider: 'saved outputs (pytorch)', environment: 'file' });
    expect(result.comparisons.map((c) => [c.runtime, c.pass, c.maxAbsDiff])).toEqual([
      ['a', true, 0],
      ['b', true, 0],
    ]);
  });

  it('refuses saved outputs for other images', async () => {
    const saved = parseOutputsFile(JSON.stringify({ images: inputs.names.map((n) => `x${n}`), logits: inputs.names.map(() => fakeLogits(0)) }), 'o.json');
    await expect(runParity(options(fakeRuntime('unused'), [fakeRuntime('a')], { reference: { saved, source: 'o.json' } }))).rejects.toThrow(/o\.json: row 0 is "xrandom\[0\]"/);
  });

  it('counts unreadable inputs as a problem (exit 2) while comparing the rest', async () => {
    const withBad: ParityInputs = { ...inputs, unreadable: [{ file: 'bad.jpg', error: 'bad.jpg: not a readable image (truncated)' }] };
    const result = await runParity(options(fakeRuntime('ref'), [fakeRuntime('a')], { inputs: withBad }));
    expect(result).toMatchObject({ exitCode: 2, pass: false, problems: ['bad.jpg: not a readable image (truncated)'] });
    expect(result.comparisons[0]!.pass).toBe(true);
  });
});
