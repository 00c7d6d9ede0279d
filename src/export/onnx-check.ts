/**
 * Structural model checks in the spirit of onnx.checker: unique names, topological
 * order (every input defined before use, every value defined once), initializers vs
 * graph inputs, declared opsets covering every node, attribute names and types against
 * the op table, tensor data consistent with its dims. Returns problems, [] when valid.
 */
import { ToolError } from '../util/errors.js';
import { attributeProblems } from './onnx-ops/attributes.js';
import { lookupOp } from './onnx-ops/index.js';
import { decodeModelProto, DataType, int64ToNumber, type IModelProto, type Int64Like, type TensorProto, type ValueInfoProto } from './onnx-proto.js';
import { dataTypeByteSize, dataTypeName, tensorShape } from './tensor-data.js';

/** Highest IR version this checker knows (that of opset 25/26). */
const MAX_IR_VERSION = 13;

function asNumber(v: Int64Like | null | undefined): number | null {
  try {
    return int64ToNumber(v, 'value');
  } catch {
    return null;
  }
}

function tensorProblems(t: TensorProto, where: string): string[] {
  const problems: string[] = [];
  const dataType = t.dataType ?? 0;
  if (dataType === DataType.UNDEFINED || DataType[dataType] === undefined) problems.push(`${where}: data_type is ${dataTypeName(dataType)}`);
  let count: number;
  try {
    count = tensorShape(t, where).count;
  } catch (err) {
    return [...problems, err instanceof ToolError ? err.message : String(err)];
  }
  if (t.dataLocation === 1) {
    if (!(t.externalData ?? []).some((e) => e.key === 'location' && e.value)) problems.push(`${where}: external data without a location`);
    if (t.rawData?.length) problems.push(`${where}: external tensor also carries raw_data`);
    return problems;
  }
  if (t.externalData?.length) problems.push(`${where}: external_data given but data_location is not EXTERNAL`);
  const fields: [string, number][] = [
    ['raw_data', t.rawData?.length ?? 0],
    ['float_data', t.floatData?.length ?? 0],
    ['int32_data', t.int32Data?.length ?? 0],
    ['int64_data', t.int64Data?.length ?? 0],
    ['double_data', t.doubleData?.length ?? 0],
    ['uint64_data', t.uint64Data?.length ?? 0],
    ['string_data', t.stringData?.length ?? 0],
  ];
  const used = fields.filter(([, n]) => n > 0);
  if (used.length > 1) problems.push(`${where}: data in more than one field (${used.map(([f]) => f).join(', ')})`);
  if (used.length === 0 && count > 0) problems.push(`${where}: no data for ${count} elements`);
  const [field, n] = used[0] ?? ['', 0];
  if (field === 'raw_data') {
    const size = dataTypeByteSize(dataType);
    if (size !== undefined && n !== count * size) problems.push(`${where}: raw_data has ${n} bytes, dims need ${count * size}`);
  } else if (field && dataType !== DataType.COMPLEX64 && dataType !== DataType.COMPLEX128 && n !== count) {
    problems.push(`${where}: ${field} has ${n} values, dims need ${count}`);
  }
  return problems;
}

function valueInfoProblems(info: ValueInfoProto, where: string): string[] {
  if (!info.name) return [`${where}: has no name`];
  const tensor = info.type?.tensorType;
  if (!tensor) return [`${where} "${info.name}": has no tensor type`];
  if (!tensor.elemType) return [`${where} "${info.name}": elem_type not set`];
  return [];
}

/**
 * Check `model` (bytes, decoded or plain object). `unknownOps: 'ignore'` checks any model's
 * structure without holding it to the op table our writer uses (inspect-onnx reports op
 * coverage separately); the writer keeps the default.
 */
export function checkOnnxModel(model: IModelProto | Uint8Array, source = 'model.onnx', options: { unknownOps?: 'problem' | 'ignore' } = {}): string[] {
  const m: IModelProto = model instanceof Uint8Array ? decodeModelProto(model, source) : model;
  const problems: string[] = [];
  const ir = asNumber(m.irVersion);
  if (ir === null || ir < 3 || ir > MAX_IR_VERSION) problems.push(`ir_version ${ir} outside 3..${MAX_IR_VERSION}`);

  const opsets = new Map<string, number>();
  for (const o of m.opsetImport ?? []) {
    const domain = o.domain === 'ai.onnx' ? '' : (o.domain ?? '');
    if (opsets.has(domain)) problems.push(`opset domain "${domain}" imported twice`);
    opsets.set(domain, asNumber(o.version) ?? 0);
  }
  if (opsets.size === 0) problems.push('no opset_import');

  const keys = new Set<string>();
  for (const { key } of m.metadataProps ?? []) {
    if (!key || keys.has(key)) problems.push(`metadata key "${key}" empty or repeated`);
    keys.add(key ?? '');
  }

  const g = m.graph;
  if (!g) return [...problems, 'no graph'];
  if (!g.name) problems.push('graph has no name');

  const defined = new Set<string>();
  const inputNames = new Set<string>();
  for (const input of g.input ?? []) {
    problems.push(...valueInfoProblems(input, 'graph input'));
    if (inputNames.has(input.name ?? '')) problems.push(`graph input "${input.name}" declared twice`);
    inputNames.add(input.name ?? '');
    defined.add(input.name ?? '');
  }
  const initializerNames = new Set<string>();
  for (const t of g.initializer ?? []) {
    const name = t.name ?? '';
    if (!name || initializerNames.has(name)) problems.push(`initializer "${name}" empty or repeated`);
    initializerNames.add(name);
    // Before IR 4 every initializer had to be listed as a graph input too.
    if (ir !== null && ir < 4 && !inputNames.has(name)) problems.push(`initializer "${name}" is not a graph input (required before IR 4)`);
    defined.add(name);
    problems.push(...tensorProblems(t, `initializer "${name}"`));
  }

  const nodeNames = new Set<string>();
  for (const [index, node] of (g.node ?? []).entries()) {
    const label = `node "${node.name || `#${index}`}" (${node.opType})`;
    if (!node.opType) problems.push(`${label}: no op_type`);
    if (node.name) {
      if (nodeNames.has(node.name)) problems.push(`${label}: node name repeated`);
      nodeNames.add(node.name);
    }
    const domain = node.domain === 'ai.onnx' ? '' : (node.domain ?? '');
    const opset = opsets.get(domain);
    if (opset === undefined) {
      problems.push(`${label}: domain "${domain}" has no opset_import`);
    } else if (domain === '') {
      const op = lookupOp(node.opType ?? '');
      if (!op) {
        if (options.unknownOps !== 'ignore') problems.push(`${label}: op not in the supported op table`);
      } else {
        if (opset < op.since) problems.push(`${label}: needs opset ${op.since}, declared ${opset}`);
        problems.push(...attributeProblems(node, op.attributes, opset).map((p) => `${label}: ${p}`));
        const n = node.input?.length ?? 0;
        if (n < op.inputs[0] || n > op.inputs[1]) problems.push(`${label}: ${n} inputs, expected ${op.inputs[0]}..${op.inputs[1]}`);
      }
    }
    for (const attr of node.attribute ?? []) {
      if (!attr.name) problems.push(`${label}: attribute without a name`);
      if (attr.t) problems.push(...tensorProblems(attr.t, `${label} attribute "${attr.name}"`));
    }
    for (const input of node.input ?? []) {
      if (input !== '' && !defined.has(input)) problems.push(`${label}: input "${input}" is not defined before the node (graph not topologically sorted?)`);
    }
    if (!node.output?.length || !node.output[0]) problems.push(`${label}: no output`);
    for (const output of node.output ?? []) {
      if (output === '') continue;
      if (defined.has(output)) problems.push(`${label}: output "${output}" is already defined`);
      defined.add(output);
    }
  }

  const outputNames = new Set<string>();
  for (const output of g.output ?? []) {
    problems.push(...valueInfoProblems(output, 'graph output'));
    if (outputNames.has(output.name ?? '')) problems.push(`graph output "${output.name}" declared twice`);
    outputNames.add(output.name ?? '');
    if (output.name && !defined.has(output.name)) problems.push(`graph output "${output.name}" is never computed`);
  }
  if (outputNames.size === 0) problems.push('graph has no outputs');
  return problems;
}
