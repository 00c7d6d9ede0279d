/**
 * Reads an ONNX test-case folder, the layout of ONNX's backend tests and of
 * onnxruntime's onnx_test_runner:
 *
 *     DIR/model.onnx
 *     DIR/test_data_set_N/input_K.pb     one TensorProto per graph input, in graph order
 *     DIR/test_data_set_N/output_K.pb    one TensorProto per graph output, in graph order
 *
 * Tensors are matched to the graph by position (their names are often empty).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostTensor } from '../graph/host-tensor.js';
import { ToolError } from '../util/errors.js';
import { decodeTensorProtoFile } from './host-tensor-proto.js';

export interface OnnxTestDataSet {
  /** `test_data_set_0`. */
  readonly name: string;
  readonly inputs: Map<string, HostTensor>;
  readonly outputs: Map<string, HostTensor>;
}

function numbered(dir: string, prefix: string): string[] {
  const pattern = new RegExp(`^${prefix}(\\d+)(\\.pb)?$`);
  return readdirSync(dir)
    .map((f) => ({ f, m: pattern.exec(f) }))
    .filter((x) => x.m)
    .sort((a, b) => Number(a.m![1]) - Number(b.m![1]))
    .map((x) => x.f);
}

function readTensors(dir: string, prefix: string, names: readonly string[]): Map<string, HostTensor> {
  const files = numbered(dir, prefix);
  if (files.length > names.length) throw new ToolError(`${dir}: ${files.length} ${prefix}K.pb files, the model has ${names.length}`);
  const out = new Map<string, HostTensor>();
  files.forEach((file, k) => {
    const path = join(dir, file);
    out.set(names[k]!, decodeTensorProtoFile(readFileSync(path), path).tensor);
  });
  return out;
}

/** The graph's interface, by name (an ExecGraph, or verify-parity's ModelIO). */
export interface NamedInterface {
  readonly inputs: readonly { readonly name: string }[];
  readonly outputs: readonly { readonly name: string }[];
}

/** Every `test_data_set_N` of `dir`, its tensors keyed by the graph's input and output names. */
export function readOnnxTestDataSets(dir: string, graph: NamedInterface): OnnxTestDataSet[] {
  const inputNames = graph.inputs.map((i) => i.name);
  const outputNames = graph.outputs.map((o) => o.name);
  const sets = numbered(dir, 'test_data_set_');
  if (sets.length === 0) throw new ToolError(`${dir}: no test_data_set_N folders`);
  return sets.map((name) => ({
    name,
    inputs: readTensors(join(dir, name), 'input_', inputNames),
    outputs: readTensors(join(dir, name), 'output_', outputNames),
  }));
}
