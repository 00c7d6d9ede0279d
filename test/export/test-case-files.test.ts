/**
 * Models and test cases from files in memory (what a page gets from a drop or a zip)
 * read exactly as from disk: the zoo's test cases give the tensors readOnnxTestDataSets
 * gives, a model with external data gives the graph loadOnnxGraph gives, and a test
 * case written to files reads back to the same tensors.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOnnxGraph, readOnnxGraph } from '../../src/export/onnx-graph-reader.js';
import { readOnnxTestDataSets } from '../../src/export/onnx-test-case.js';
import { decodeDataSets, externalDataFrom, findTestCaseFiles, testCaseToFiles, type InMemoryFile } from '../../src/export/test-case-files.js';
import { readOnnx } from '../../src/export/onnx-reader.js';
import { fixturesDir } from '../helpers/paths.js';

const ZOO = join(fixturesDir, 'zoo');
const DYNAMO = join(fixturesDir, 'torch', 'torch-seed-arch-adam-dynamo.onnx');

function filesUnder(dir: string, prefix: string): InMemoryFile[] {
  const out: InMemoryFile[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push({ path: `${prefix}${relative(dir, path)}`, data: readFileSync(path) });
    }
  };
  walk(dir);
  return out;
}

describe('test cases from files in memory', () => {
  it.each(['two-heads', 'token-classifier'])('%s: the same model and tensors as read from disk', (name) => {
    const dir = join(ZOO, name);
    const found = findTestCaseFiles(filesUnder(dir, `${name}/`), name);
    expect(found.modelPath).toBe(`${name}/model.onnx`);
    expect(found.beside.size).toBe(0);
    const graph = readOnnxGraph(found.model);
    const fromDisk = readOnnxTestDataSets(dir, graph);
    const fromMemory = decodeDataSets(found, graph);
    expect(fromMemory.map((s) => s.name)).toEqual(fromDisk.map((s) => s.name));
    fromMemory.forEach((set, i) => {
      expect(set.inputs).toEqual(fromDisk[i]!.inputs);
      expect(set.outputs).toEqual(fromDisk[i]!.outputs);
    });
  });

  it('written as files, a test case reads back to the same tensors', () => {
    const dir = join(ZOO, 'two-heads');
    const graph = loadOnnxGraph(join(dir, 'model.onnx'));
    const [set] = readOnnxTestDataSets(dir, graph);
    const files = testCaseToFiles(readFileSync(join(dir, 'model.onnx')), [], [set!]);
    expect(files.map((f) => f.path)).toEqual(['model.onnx', 'test_data_set_0/input_0.pb', 'test_data_set_0/input_1.pb', 'test_data_set_0/output_0.pb', 'test_data_set_0/output_1.pb']);
    const [back] = decodeDataSets(findTestCaseFiles(files, 'written'), graph);
    expect(back!.inputs).toEqual(set!.inputs);
    expect(back!.outputs).toEqual(set!.outputs);
  });

  it('external data given in memory reads as it does from the model folder', () => {
    const files = [
      { path: 'dyn/torch-seed-arch-adam-dynamo.onnx', data: readFileSync(DYNAMO) },
      { path: 'dyn/torch-seed-arch-adam-dynamo.onnx.data', data: readFileSync(`${DYNAMO}.data`) },
    ];
    const found = findTestCaseFiles(files, 'drop');
    expect(found.dataSets).toEqual([]);
    const externalData = externalDataFrom(found, ['torch-seed-arch-adam-dynamo.onnx.data']);
    expect(readOnnxGraph(found.model, { externalData }).initializers).toEqual(loadOnnxGraph(DYNAMO).initializers);
    expect(readOnnx(found.model, { externalData }).params).toEqual(readOnnx(readFileSync(DYNAMO), { baseDir: join(fixturesDir, 'torch') }).params);
  });

  it('names what is missing or ambiguous, one line each', () => {
    const model = readFileSync(DYNAMO);
    const alone = findTestCaseFiles([{ path: 'm.onnx', data: model }], 'drop');
    expect(() => externalDataFrom(alone, ['torch-seed-arch-adam-dynamo.onnx.data'])).toThrow('m.onnx: its weights are in external file "torch-seed-arch-adam-dynamo.onnx.data", not given with it');
    expect(() => readOnnxGraph(model, { externalData: [], source: 'm.onnx' })).toThrow(/m\.onnx: tensor "[^"]+": weights are in external file "torch-seed-arch-adam-dynamo\.onnx\.data", which was not given with the model/);
    expect(() => findTestCaseFiles([{ path: 'a.onnx', data: model }, { path: 'b.onnx', data: model }], 'drop')).toThrow('drop: 2 .onnx files (a.onnx, b.onnx); give one model, or one test case folder with model.onnx');
    expect(() => findTestCaseFiles([{ path: 'x.txt', data: model }], 'drop')).toThrow('drop: no .onnx file among 1 file');
    const truncated = [{ path: 'm.onnx', data: model }, { path: 'torch-seed-arch-adam-dynamo.onnx.data', data: new Uint8Array(10) }];
    expect(() => readOnnxGraph(model, { externalData: externalDataFrom(findTestCaseFiles(truncated, 'd'), ['torch-seed-arch-adam-dynamo.onnx.data']) })).toThrow(/lies beyond the end/);
  });
});
