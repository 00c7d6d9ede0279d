/**
 * A readable summary of any ONNX file: versions, producer, inputs/outputs with shapes,
 * op list, parameter count, metadata_props (which onnxruntime's JS API cannot show),
 * structural problems, and whether the engine can import it.
 */
import { formatShape } from '../graph/format-shape.js';
import { readOnnx } from './onnx-reader.js';
import { readOnnxGraph } from './onnx-graph-reader.js';
import { cpuDevice } from '../graph/executor/devices/cpu.js';
import { missingOps } from '../graph/executor/op-coverage.js';
import { checkOnnxModel } from './onnx-check.js';
import { externalDataFile } from './external-data.js';
import { decodeModelProto, int64ToNumber, type Int64Like, type ValueInfoProto } from './onnx-proto.js';
import { elementTypeLabel, isFloatDataType, tensorShape } from './tensor-data.js';
import { ToolError } from '../util/errors.js';

export interface TensorSummary {
  name: string;
  type: string;
  /** Dims as numbers, symbolic names, or '?' when unknown. */
  shape: (number | string)[] | null;
}

export interface OnnxInspection {
  irVersion: number;
  opsets: { domain: string; version: number }[];
  producer: string;
  modelVersion: number;
  graphName: string;
  inputs: TensorSummary[];
  outputs: TensorSummary[];
  /** Op types in node order. */
  ops: string[];
  /** Elements in float initializers (the learnable weights). */
  parameterCount: number;
  initializerCount: number;
  externalDataFiles: string[];
  metadata: Record<string, string>;
  /** Structural problems found by the checker; [] when clean. */
  problems: string[];
  /** Engine import: layer kinds in order, or the reason it fails. */
  engine: { ok: true; layers: string[] } | { ok: false; reason: string };
  /** Our graph executor (engine-cpu on any model): runs every op, or which ops it lacks, or why it cannot read the model. */
  graphEngine: { ok: true } | { ok: false; reason: string };
}

function summarise(info: ValueInfoProto, source: string): TensorSummary {
  const t = info.type?.tensorType;
  // An unset dim_value decodes as zero (possibly a Long object), which means "unknown".
  const dimOf = (d: { dimParam?: string | null; dimValue?: Int64Like | null }) => {
    const value = int64ToNumber(d.dimValue, source);
    return d.dimParam || (value > 0 ? value : '?');
  };
  const shape = t?.shape ? (t.shape.dim ?? []).map(dimOf) : null;
  return { name: info.name ?? '', type: t ? elementTypeLabel(t.elemType) : 'non-tensor', shape };
}

export function inspectOnnx(bytes: Uint8Array, options: { baseDir?: string; source?: string } = {}): OnnxInspection {
  const source = options.source ?? 'model.onnx';
  const model = decodeModelProto(bytes, source);
  const graph = model.graph ?? {};
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name ?? ''));
  let parameterCount = 0;
  const externalDataFiles = new Set<string>();
  for (const t of graph.initializer ?? []) {
    try {
      if (isFloatDataType(t.dataType)) parameterCount += tensorShape(t, source).count;
    } catch {
      // Absurd dims are reported by the checker below.
    }
    for (const e of t.externalData ?? []) if (e.key === 'location' && e.value) externalDataFiles.add(e.value);
  }
  // The importer's own checks on every external data file (relative, inside the folder, present).
  const externalProblems: string[] = [];
  if (options.baseDir !== undefined) {
    for (const location of externalDataFiles) {
      try {
        externalDataFile(options.baseDir, location, `${source}: external data`);
      } catch (err) {
        if (!(err instanceof ToolError)) throw err;
        externalProblems.push(err.message);
      }
    }
  }
  const metadata: Record<string, string> = {};
  for (const { key, value } of model.metadataProps ?? []) metadata[key ?? ''] = value ?? '';
  let engine: OnnxInspection['engine'];
  try {
    const spec = readOnnx(bytes, { ...options, source });
    engine = { ok: true, layers: spec.layers.map((l) => l.kind) };
  } catch (err) {
    if (!(err instanceof ToolError)) throw err;
    engine = { ok: false, reason: err.message };
  }
  let graphEngine: OnnxInspection['graphEngine'];
  try {
    const execGraph = readOnnxGraph(bytes, { ...options, source });
    const missing = missingOps(execGraph, cpuDevice());
    graphEngine = missing ? { ok: false, reason: `ops engine-cpu lacks (opset ${execGraph.opset}): ${missing}` } : { ok: true };
  } catch (err) {
    if (!(err instanceof ToolError)) throw err;
    graphEngine = { ok: false, reason: err.message };
  }
  return {
    irVersion: int64ToNumber(model.irVersion, source),
    opsets: (model.opsetImport ?? []).map((o) => ({ domain: o.domain || 'ai.onnx', version: int64ToNumber(o.version, source) })),
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
    modelVersion: int64ToNumber(model.modelVersion, source),
    graphName: graph.name ?? '',
    inputs: (graph.input ?? []).filter((i) => !initializers.has(i.name ?? '')).map((i) => summarise(i, source)),
    outputs: (graph.output ?? []).map((o) => summarise(o, source)),
    ops: (graph.node ?? []).map((n) => (n.domain && n.domain !== 'ai.onnx' ? `${n.domain}.${n.opType}` : (n.opType ?? ''))),
    parameterCount,
    initializerCount: initializers.size,
    externalDataFiles: [...externalDataFiles],
    metadata,
    problems: [...checkOnnxModel(model, source, { unknownOps: 'ignore' }), ...externalProblems],
    engine,
    graphEngine,
  };
}

function formatTensor(t: TensorSummary): string {
  return `${t.name}  ${t.type} ${t.shape ? formatShape(t.shape) : '(shape unknown)'}`;
}

/** Plain-text report, one fact per line. */
export function formatInspection(r: OnnxInspection, title: string): string {
  const counts = new Map<string, number>();
  for (const op of r.ops) counts.set(op, (counts.get(op) ?? 0) + 1);
  const lines = [
    `model: ${title}`,
    `ir_version: ${r.irVersion}`,
    `opset: ${r.opsets.map((o) => `${o.domain} ${o.version}`).join(', ') || 'none'}`,
    `producer: ${r.producer || '(none)'}  model_version: ${r.modelVersion}  graph: ${r.graphName || '(unnamed)'}`,
    ...r.inputs.map((t) => `input: ${formatTensor(t)}`),
    ...r.outputs.map((t) => `output: ${formatTensor(t)}`),
    `ops (${r.ops.length} nodes): ${r.ops.join(' → ') || 'none'}`,
    `op counts: ${[...counts].map(([op, n]) => `${op}×${n}`).join(', ') || 'none'}`,
    `parameters: ${r.parameterCount.toLocaleString('en-US')} in ${r.initializerCount} initializers` +
      (r.externalDataFiles.length ? ` (external data: ${r.externalDataFiles.join(', ')})` : ''),
  ];
  const keys = Object.keys(r.metadata);
  lines.push(`metadata: ${keys.length ? '' : '(none)'}`.trimEnd());
  for (const key of keys) lines.push(`  ${key} = ${r.metadata[key]}`);
  lines.push(r.problems.length ? `check: ${r.problems.length} problem(s)` : 'check: ok');
  for (const p of r.problems) lines.push(`  ${p}`);
  lines.push(r.engine.ok ? `engine import: ok (${r.engine.layers.join(', ')})` : `engine import: no: ${r.engine.reason}`);
  lines.push(r.graphEngine.ok ? 'engine graph executor: runs every op (engine-cpu, engine-reference)' : `engine graph executor: no: ${r.graphEngine.reason}`);
  return lines.join('\n');
}
