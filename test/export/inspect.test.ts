/** `inspect <model.onnx>` and inspectOnnx: what a user learns about a model file. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/inspect.js';
import { createLenetSpec } from '../../src/graph/index.js';
import { METADATA_KEYS, saveOnnx, type OnnxInspection } from '../../src/export/index.js';
import { fixturesDir } from '../helpers/paths.js';

const dynamo = join(fixturesDir, 'torch', 'torch-seed-arch-adam-dynamo.onnx');
const dir = mkdtempSync(join(tmpdir(), 'export-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('inspect CLI', () => {
  it('describes the PyTorch dynamo export: versions, I/O, ops, parameters, external data, import', async () => {
    const { code, out, err } = await run([dynamo]);
    expect([code, err]).toEqual([0, '']);
    const lines = out.split('\n');
    expect(lines).toContain('ir_version: 10');
    expect(lines).toContain('opset: ai.onnx 20');
    expect(lines).toContain('input: input  float32 [1,3,32,32]');
    expect(lines).toContain('output: logits  float32 [1,10]');
    expect(lines).toContain('ops (11 nodes): Conv → Sigmoid → MaxPool → Conv → Sigmoid → MaxPool → Conv → Reshape → Gemm → Sigmoid → Gemm');
    expect(lines).toContain('parameters: 62,006 in 11 initializers (external data: torch-seed-arch-adam-dynamo.onnx.data)');
    expect(lines).toContain('metadata: (none)');
    expect(lines).toContain('check: ok');
    expect(lines).toContain('engine import: ok (conv2d, sigmoid, maxpool2d, conv2d, sigmoid, maxpool2d, conv2d, flatten, linear, sigmoid, linear)');
  });

  it('shows our metadata_props and the symbolic batch; --json gives the same facts', async () => {
    const path = join(dir, 'ours.onnx');
    saveOnnx(path, { ...createLenetSpec('lenet5-relu', 1), metadata: { [METADATA_KEYS.training]: '{"data":"cifar10","epochs":2,"testAccuracy":0.41}' } }, { probabilities: true });
    const text = (await run([path])).out.split('\n');
    expect(text).toContain('input: input  float32 [batch,3,32,32]');
    expect(text).toContain('output: probabilities  float32 [batch,10]');
    expect(text).toContain('  Image.BitmapPixelFormat = Rgb8');
    expect(text).toContain('  training = {"data":"cifar10","epochs":2,"testAccuracy":0.41}');
    expect(text).toContain('opset: ai.onnx 13');
    const json = JSON.parse((await run([path, '--json'])).out) as OnnxInspection;
    expect(json.irVersion).toBe(7);
    expect(json.parameterCount).toBe(62006);
    expect(json.ops.at(-1)).toBe('Softmax');
    expect(json.metadata[METADATA_KEYS.license]).toBe('MIT');
    expect(json.engine).toMatchObject({ ok: true });
  });

  it('reports why a model cannot be imported, still describing it', async () => {
    const path = join(dir, 'nodata.onnx');
    writeFileSync(path, (await import('node:fs')).readFileSync(dynamo));
    const { code, out } = await run([path]);
    // The importer refuses a missing external data file, so the check fails too (exit 1).
    expect(code).toBe(1);
    expect(out).toMatch(/check: 1 problem\(s\)\n  .*nodata\.onnx: external data: external data file "torch-seed-arch-adam-dynamo\.onnx\.data" not found next to the model/);
    expect(out).toMatch(/engine import: no: .*nodata\.onnx: tensor "0\.weight": external data file "torch-seed-arch-adam-dynamo\.onnx\.data" not found next to the model/);
  });

  it('usage errors and unreadable files exit 2 with one line', async () => {
    expect(await run([])).toEqual({ code: 2, out: '', err: 'usage: inspect <model.onnx> [--json]' });
    expect((await run(['a.onnx', '--frobnicate'])).err.split('\n')[0]).toBe('inspect: unknown option --frobnicate');
    expect(await run([join(dir, 'missing.onnx')])).toEqual({ code: 2, out: '', err: `${join(dir, 'missing.onnx')}: cannot read (ENOENT)` });
    const junk = join(dir, 'junk.onnx');
    writeFileSync(junk, 'this is not protobuf at all');
    const r = await run([junk]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/junk\.onnx: not a valid ONNX protobuf/);
    expect(r.err).not.toContain('\n');
    expect((await run(['--help'])).out).toBe('usage: inspect <model.onnx> [--json]');
  });
});

describe('inspect on models that are not ours (../shared/fixtures/zoo)', () => {
  it.each(['token-classifier', 'two-heads', 'lstm-tagger'])('%s: typed I/O, a clean check, and the graph executor runs it', async (name) => {
    const { code, out } = await run([join(fixturesDir, 'zoo', name, 'model.onnx')]);
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines).toContain('check: ok');
    expect(lines).toContain('engine graph executor: runs every op (engine-cpu, engine-reference)');
    if (name === 'token-classifier') expect(lines).toContain('input: ids  int64 [batch,12]');
    if (name === 'two-heads') expect(lines.filter((l) => l.startsWith('output: '))).toEqual(['output: output0  float32 [batch,3]', 'output: output1  float32 [batch,1]']);
  });

  it('names the ops the graph executor lacks, without calling them problems of the file', async () => {
    const { onnx } = await import('../../src/export/onnx-proto.js');
    const { readFileSync } = await import('node:fs');
    const proto = onnx.ModelProto.decode(readFileSync(join(fixturesDir, 'zoo', 'two-heads', 'model.onnx')));
    proto.graph!.node!.find((n) => n.opType === 'Tanh')!.opType = 'NoSuchOp';
    const path = join(dir, 'unknown-op.onnx');
    writeFileSync(path, onnx.ModelProto.encode(proto).finish());
    const { code, out } = await run([path]);
    expect(code).toBe(0);
    expect(out.split('\n')).toContain('engine graph executor: no: ops engine-cpu lacks (opset 13): NoSuchOp×1');
  });
});
