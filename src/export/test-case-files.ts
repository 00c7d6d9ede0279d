/**
 * An ONNX model or test case handed over as files in memory (dropped on a page, or
 * unzipped), with no file system behind it:
 *
 *     [folder/]model.onnx                       (or any one .onnx file)
 *     [folder/]weights.bin ...                  external data, named by the model
 *     [folder/]test_data_set_N/input_K.pb       one TensorProto per graph input, in graph order
 *     [folder/]test_data_set_N/output_K.pb      one TensorProto per graph output, in graph order
 *
 * Finding the model, its external data and its data sets is the same question
 * `readOnnxTestDataSets` answers on disk; tensors are matched to the graph by position.
 */
import type { HostTensor } from '../graph/host-tensor.js';
import { ToolError } from '../util/errors.js';
import { decodeTensorProtoFile, encodeTensorProtoFile } from './host-tensor-proto.js';
import type { ExternalDataBytes } from './inline-external-data.js';

export interface InMemoryFile {
  /** Path as given ('/'-separated, relative: `case/test_data_set_0/input_0.pb`). */
  path: string;
  data: Uint8Array;
}

export interface RawDataSet {
  /** `test_data_set_0`. */
  name: string;
  /** input_K.pb / output_K.pb bytes, K = 0, 1, … in order. */
  inputs: InMemoryFile[];
  outputs: InMemoryFile[];
}

export interface TestCaseFiles {
  /** The model file's path among the given files. */
  modelPath: string;
  model: Uint8Array;
  /** Every other file in the model's folder and below, by its path relative to that folder (external data candidates). */
  beside: Map<string, Uint8Array>;
  dataSets: RawDataSet[];
}

export const TEST_CASE_MODEL_FILE = 'model.onnx';

const clean = (path: string) => path.replace(/\\/g, '/').replace(/^\/+/, '').replace(/^(\.\/)+/, '');

/** Names matching `prefix<N>` (with `.pb` for tensor files), sorted by N. */
export function numberedNames(names: readonly string[], prefix: string, extension = ''): string[] {
  const pattern = new RegExp(`^${prefix}(\\d+)${extension.replace('.', '\\.')}$`);
  return names
    .map((name) => ({ name, m: pattern.exec(name) }))
    .filter((x) => x.m)
    .sort((a, b) => Number(a.m![1]) - Number(b.m![1]))
    .map((x) => x.name);
}

function chooseModel(paths: readonly string[], what: string): string {
  const models = paths.filter((p) => p.toLowerCase().endsWith('.onnx'));
  if (models.length === 1) return models[0]!;
  if (models.length === 0) throw new ToolError(`${what}: no .onnx file among ${paths.length} file${paths.length === 1 ? '' : 's'}`);
  // A test case folder names its model model.onnx; the shallowest one wins (a zip of a folder).
  const named = models.filter((p) => p.split('/').pop() === TEST_CASE_MODEL_FILE).sort((a, b) => a.split('/').length - b.split('/').length);
  if (named.length === 1 || (named.length > 1 && named[0]!.split('/').length < named[1]!.split('/').length)) return named[0]!;
  throw new ToolError(`${what}: ${models.length} .onnx files (${models.slice(0, 4).join(', ')}${models.length > 4 ? ', …' : ''}); give one model, or one test case folder with ${TEST_CASE_MODEL_FILE}`);
}

/** The model, the files beside it and its `test_data_set_N` folders, from files in memory. */
export function findTestCaseFiles(files: readonly InMemoryFile[], what: string): TestCaseFiles {
  const byPath = new Map(files.map((f) => [clean(f.path), f.data]));
  const modelPath = chooseModel([...byPath.keys()], what);
  const folder = modelPath.includes('/') ? modelPath.slice(0, modelPath.lastIndexOf('/') + 1) : '';
  const beside = new Map<string, Uint8Array>();
  for (const [path, data] of byPath) if (path !== modelPath && path.startsWith(folder)) beside.set(path.slice(folder.length), data);

  const setNames = numberedNames([...new Set([...beside.keys()].filter((p) => p.includes('/')).map((p) => p.slice(0, p.indexOf('/'))))], 'test_data_set_');
  const dataSets = setNames.map((name): RawDataSet => {
    const inside = [...beside.keys()].filter((p) => p.startsWith(`${name}/`) && !p.slice(name.length + 1).includes('/')).map((p) => p.slice(name.length + 1));
    const pick = (prefix: string) => numberedNames(inside, prefix, '.pb').map((f) => ({ path: `${folder}${name}/${f}`, data: beside.get(`${name}/${f}`)! }));
    return { name, inputs: pick('input_'), outputs: pick('output_') };
  });
  for (const set of dataSets) for (const f of [...set.inputs, ...set.outputs]) beside.delete(f.path.slice(folder.length));
  return { modelPath, model: byPath.get(modelPath)!, beside, dataSets };
}

/** The external data files the model names, from the files beside it; one line naming what is missing. */
export function externalDataFrom(found: TestCaseFiles, locations: readonly string[]): ExternalDataBytes[] {
  const missing = locations.filter((l) => !found.beside.has(clean(l)));
  if (missing.length > 0) {
    throw new ToolError(`${found.modelPath}: its weights are in external file${missing.length === 1 ? '' : 's'} ${missing.map((m) => `"${m}"`).join(', ')}, not given with it (give the model's whole folder, or a zip of it)`);
  }
  return locations.map((path) => ({ path, data: found.beside.get(clean(path))! }));
}

export interface DecodedDataSet {
  name: string;
  inputs: Map<string, HostTensor>;
  outputs: Map<string, HostTensor>;
}

function decodeByPosition(files: readonly InMemoryFile[], names: readonly string[], kind: string, where: string): Map<string, HostTensor> {
  if (files.length > names.length) throw new ToolError(`${where}: ${files.length} ${kind}_K.pb files, the model has ${names.length} ${kind}s`);
  return new Map(files.map((f, k) => [names[k]!, decodeTensorProtoFile(f.data, f.path).tensor]));
}

/** The data sets' tensors, keyed by the graph's input and output names (by position). */
export function decodeDataSets(found: TestCaseFiles, graph: { readonly inputs: readonly { name: string }[]; readonly outputs: readonly { name: string }[] }): DecodedDataSet[] {
  const inputNames = graph.inputs.map((i) => i.name);
  const outputNames = graph.outputs.map((o) => o.name);
  return found.dataSets.map((set) => {
    const where = `${found.modelPath.slice(0, found.modelPath.length - (found.modelPath.split('/').pop()?.length ?? 0))}${set.name}`;
    const inputs = decodeByPosition(set.inputs, inputNames, 'input', where);
    if (inputs.size < inputNames.length) {
      const missing = inputNames.filter((n) => !inputs.has(n)).map((n) => `"${n}"`);
      throw new ToolError(`${where}: no input_K.pb for ${missing.join(', ')} (the model has ${inputNames.length} inputs)`);
    }
    return { name: set.name, inputs, outputs: decodeByPosition(set.outputs, outputNames, 'output', where) };
  });
}

/**
 * A test case as files (the other direction): `model.onnx`, its external data files
 * under the names it gives them, and one `test_data_set_N` per set, each tensor under
 * its graph name, in graph order — what onnx_test_runner and `verify-parity CASE_DIR` read.
 */
export function testCaseToFiles(
  model: Uint8Array,
  externalData: readonly ExternalDataBytes[],
  sets: readonly { inputs: ReadonlyMap<string, HostTensor>; outputs: ReadonlyMap<string, HostTensor> }[],
): InMemoryFile[] {
  const files: InMemoryFile[] = [{ path: TEST_CASE_MODEL_FILE, data: model }, ...externalData.map((f) => ({ path: clean(f.path), data: f.data }))];
  sets.forEach((set, n) => {
    const write = (kind: string, tensors: ReadonlyMap<string, HostTensor>) =>
      [...tensors].forEach(([name, t], k) => files.push({ path: `test_data_set_${n}/${kind}_${k}.pb`, data: encodeTensorProtoFile(name, t) }));
    write('input', set.inputs);
    write('output', set.outputs);
  });
  return files;
}
