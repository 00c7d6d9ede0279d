/**
 * An ONNX test case folder as verify-parity's inputs (`verify-parity CASE_DIR`): every
 * `test_data_set_N` becomes one set of feeds, and its `output_K.pb` files the expected
 * outputs — the reference named `expected`, PyTorch's own answers for our zoo.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readOnnxTestDataSets, type OnnxTestDataSet } from '../../export/onnx-test-case.js';
import { ToolError } from '../../util/errors.js';
import type { ModelIO } from '../model-io.js';
import { rowsOf, type InputSet, type ParityInputs } from './parity-inputs.js';

export const TEST_CASE_MODEL = 'model.onnx';

/** Whether `path` is a folder holding model.onnx (a test case, rather than a model file). */
export async function isTestCaseFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory() && (await stat(join(path, TEST_CASE_MODEL))).isFile();
  } catch {
    return false;
  }
}

export function inputsFromTestCase(dir: string, io: Pick<ModelIO, 'inputs' | 'outputs'>): ParityInputs {
  return inputsFromDataSets(readOnnxTestDataSets(dir, io), io, dir);
}

/** Data sets already read (from a folder, or from files in a page) as verify-parity's inputs; `where` names their folder. */
export function inputsFromDataSets(dataSets: readonly OnnxTestDataSet[], io: Pick<ModelIO, 'inputs'>, where: string): ParityInputs {
  const sets: InputSet[] = [];
  const names: string[] = [];
  for (const ds of dataSets) {
    if (ds.inputs.size < io.inputs.length) {
      const missing = io.inputs.filter((i) => !ds.inputs.has(i.name)).map((i) => `"${i.name}"`);
      throw new ToolError(`${where}/${ds.name}: no input_K.pb for ${missing.join(', ')} (the model has ${io.inputs.length} inputs)`);
    }
    const rows = rowsOf(ds.inputs);
    sets.push({ name: ds.name, start: names.length, rows, feeds: ds.inputs, expected: ds.outputs.size > 0 ? ds.outputs : null });
    for (let r = 0; r < rows; r++) names.push(`${ds.name}[${r}]`);
  }
  const withExpected = sets.filter((s) => s.expected).length;
  const what = `${sets.length} test data set${sets.length === 1 ? '' : 's'} (${names.length} row${names.length === 1 ? '' : 's'}) from ${where}`;
  return {
    kind: 'test-case',
    source: withExpected === sets.length ? `${what}, with expected outputs` : withExpected === 0 ? `${what}, no expected outputs` : `${what}, ${withExpected} with expected outputs`,
    names,
    count: names.length,
    sets,
    truth: null,
    unreadable: [],
  };
}
