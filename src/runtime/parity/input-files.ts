/**
 * `--input NAME=FILE`: one graph input's values from a file, by extension:
 *  - `.npy`  NumPy's format, any element type we carry (numpy.save(x));
 *  - `.pb`   a TensorProto (what ONNX test cases hold);
 *  - `.json` `{"type": "int64", "dims": [1, 12], "data": [...]}`, or a nested array of
 *            numbers whose nesting gives the dims and whose type is the input's.
 * `--input FILE` alone names the model's only input.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { decodeNpy } from '../../export/npy.js';
import { decodeTensorProtoFile } from '../../export/host-tensor-proto.js';
import { allocateData, elementCount, isElementType, numberToHalfBits, type ElementType, type HostTensor } from '../../graph/host-tensor.js';
import { formatShape } from '../../graph/format-shape.js';
import { describeError, ToolError } from '../../util/errors.js';
import type { TensorInfo } from '../model-io.js';

export interface InputFileSpec {
  /** The input's name; null for `--input FILE` (the model's only input). */
  name: string | null;
  path: string;
}

export function parseInputFlags(specs: readonly string[]): InputFileSpec[] {
  return specs.map((spec) => {
    const at = spec.indexOf('=');
    const spec1 = at > 0 ? { name: spec.slice(0, at), path: spec.slice(at + 1) } : { name: null, path: spec };
    if (spec1.path === '') throw new ToolError(`--input ${spec}: expected NAME=FILE (.npy, .pb or .json)`);
    return spec1;
  });
}

/** `values` (numbers, numeric strings for big 64-bit integers, booleans) as a tensor of `type`. */
export function tensorFromValues(type: ElementType, dims: readonly number[], values: readonly unknown[], where: string): HostTensor {
  const count = elementCount(dims);
  if (values.length !== count) throw new ToolError(`${where}: ${formatShape(dims)} needs ${count} values, got ${values.length}`);
  const data = allocateData(type, count);
  values.forEach((v, i) => {
    const bad = () => new ToolError(`${where}: value #${i} (${JSON.stringify(v)}) is not a ${type}`);
    if (type === 'int64' || type === 'uint64') {
      if (typeof v !== 'number' && typeof v !== 'string') throw bad();
      let n: bigint;
      try {
        n = BigInt(v);
      } catch {
        throw bad();
      }
      (data as BigInt64Array)[i] = type === 'int64' ? BigInt.asIntN(64, n) : BigInt.asUintN(64, n);
      return;
    }
    // JSON cannot hold NaN or infinities: "NaN", "Infinity", "-Infinity" stand for them.
    const n = typeof v === 'boolean' || typeof v === 'string' ? Number(v) : v;
    if (typeof n !== 'number' || (Number.isNaN(n) && v !== 'NaN')) throw bad();
    if (type !== 'float32' && type !== 'float64' && type !== 'float16' && !Number.isInteger(n)) throw bad();
    (data as Float64Array)[i] = type === 'float16' ? numberToHalfBits(n) : type === 'bool' ? Number(n !== 0) : n;
  });
  return { type, dims: [...dims], data };
}

/** The dims and flat values of a nested JSON array (`[[1,2],[3,4]]` → [2,2]). */
function flattenNested(value: unknown, where: string): { dims: number[]; values: unknown[] } {
  const dims: number[] = [];
  for (let level: unknown = value; Array.isArray(level); level = level[0]) dims.push(level.length);
  const values: unknown[] = [];
  const walk = (v: unknown, depth: number) => {
    if (depth === dims.length) {
      if (Array.isArray(v)) throw new ToolError(`${where}: the nested arrays are ragged`);
      values.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== dims[depth]) throw new ToolError(`${where}: the nested arrays are ragged`);
    for (const x of v) walk(x, depth + 1);
  };
  walk(value, 0);
  return { dims, values };
}

function tensorFromJson(text: string, declared: TensorInfo | undefined, where: string): HostTensor {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ToolError(`${where}: not JSON (${describeError(error)})`);
  }
  if (Array.isArray(value) || typeof value === 'number') {
    const { dims, values } = flattenNested(value, where);
    return tensorFromValues(declared?.type ?? 'float32', dims, values, where);
  }
  const o = value as { type?: unknown; dims?: unknown; data?: unknown };
  if (typeof o !== 'object' || o === null || !Array.isArray(o.data)) throw new ToolError(`${where}: expected {"type", "dims", "data"} or a nested array of numbers`);
  const type = o.type ?? declared?.type ?? 'float32';
  if (typeof type !== 'string' || !isElementType(type)) throw new ToolError(`${where}: "type" ${JSON.stringify(o.type)} is not an element type (float32, int64, bool, …)`);
  const flat = flattenNested(o.data, where);
  const dims = o.dims ?? flat.dims;
  if (!Array.isArray(dims) || !dims.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new ToolError(`${where}: "dims" must be a list of sizes`);
  return tensorFromValues(type, dims as number[], flat.values, where);
}

/** Reads one `--input` file; `declared` is the model's input it feeds (for JSON's default type). */
export async function readInputFile(spec: InputFileSpec, declared: TensorInfo | undefined): Promise<HostTensor> {
  const where = `--input ${spec.name === null ? '' : `${spec.name}=`}${spec.path}`;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(spec.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ToolError(`${where}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? describeError(error)})`}`);
  }
  switch (extname(spec.path).toLowerCase()) {
    case '.npy':
      return decodeNpy(bytes, where);
    case '.pb':
      return decodeTensorProtoFile(bytes, where).tensor;
    case '.json':
      return tensorFromJson(new TextDecoder().decode(bytes), declared, where);
    default:
      throw new ToolError(`${where}: the file must end in .npy, .pb or .json`);
  }
}

/** Every `--input` as feeds by input name (checked against the model later, with checkFeeds). */
export async function readInputFiles(specs: readonly InputFileSpec[], inputs: readonly TensorInfo[]): Promise<{ feeds: Map<string, HostTensor>; origins: Map<string, string> }> {
  const feeds = new Map<string, HostTensor>();
  const origins = new Map<string, string>();
  for (const spec of specs) {
    let name = spec.name;
    if (name === null) {
      if (inputs.length !== 1) throw new ToolError(`--input ${spec.path}: the model has ${inputs.length} inputs; name one with --input NAME=FILE (inputs: ${inputs.map((i) => i.name).join(', ')})`);
      name = inputs[0]!.name;
    }
    if (feeds.has(name)) throw new ToolError(`--input ${name}=${spec.path}: input "${name}" is given twice`);
    feeds.set(name, await readInputFile(spec, inputs.find((i) => i.name === name)));
    origins.set(name, `--input ${name}=${spec.path}`);
  }
  return { feeds, origins };
}
