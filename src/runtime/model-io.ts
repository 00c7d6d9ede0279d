/**
 * What a runtime needs to know about an ONNX file's interface before running it: the
 * image input's name and whether its batch size is fixed, which graph output holds the
 * logits (the one every runtime is compared on), and the external data files it names.
 *
 * Read from the protobuf (through src/export's decoder) rather than from our importer,
 * so that ORT adapters can still run — and be compared — on a model our engine cannot
 * import; that model's engine runtimes then report themselves unavailable instead.
 */
import { formatShape } from '../graph/format-shape.js';
import { EXPECTED_INPUT } from '../export/index.js';
import { DataType, decodeModelProto, int64ToNumber, type ValueInfoProto } from '../export/onnx-proto.js';
import { ToolError } from '../util/errors.js';

export type OutputKind = 'logits' | 'probabilities';

export interface ModelOutput {
  name: string;
  /** `probabilities` when a Softmax node produces it, `logits` otherwise. */
  kind: OutputKind;
}

export interface ModelIO {
  inputName: string;
  /** The batch size when the model fixes it (PyTorch's dynamo export fixes 1), else null. */
  fixedBatch: number | null;
  /** Every graph output, in graph order (ONNX test data sets list them in this order). */
  outputs: ModelOutput[];
  /** The output runtimes return and verify-parity compares: the logits when exposed. */
  compared: ModelOutput;
  /** External data files (relative to the model's folder), in first-use order. */
  externalDataFiles: string[];
  /** metadata_props, as stored. */
  metadata: Record<string, string>;
}

type Dim = number | string | null;

function dimsOf(info: ValueInfoProto, source: string): Dim[] | null {
  const shape = info.type?.tensorType?.shape;
  if (!shape) return null;
  return (shape.dim ?? []).map((d) => {
    const value = d.dimValue === null || d.dimValue === undefined ? 0 : int64ToNumber(d.dimValue, source);
    return value > 0 ? value : d.dimParam || null;
  });
}

function describeInput(info: ValueInfoProto, source: string): string {
  const elem = info.type?.tensorType?.elemType;
  const type = elem === DataType.FLOAT ? 'float32' : elem ? (DataType[elem] ?? `type ${elem}`).toLowerCase() : 'non-tensor';
  const dims = dimsOf(info, source);
  return `"${info.name ?? ''}" ${type} ${dims ? formatShape(dims) : '(no shape)'}`;
}

function imageInput(inputs: ValueInfoProto[], source: string): { name: string; fixedBatch: number | null } {
  const want = `one float32 image input ${formatShape(['N', ...EXPECTED_INPUT])}`;
  const found = inputs.map((i) => describeInput(i, source)).join(', ') || 'none';
  const input = inputs.length === 1 ? inputs[0]! : null;
  const dims = input ? dimsOf(input, source) : null;
  const ok =
    input?.type?.tensorType?.elemType === DataType.FLOAT &&
    dims?.length === 4 &&
    dims.slice(1).every((d, i) => d === EXPECTED_INPUT[i]);
  if (!ok) throw new ToolError(`${source}: the model must take ${want}; it takes ${found}`);
  const batch = dims[0];
  return { name: input.name ?? '', fixedBatch: typeof batch === 'number' ? batch : null };
}

/** Reads the interface of ONNX `bytes`; a wrong input is a one-line ToolError (exit 2). */
export function readModelIO(bytes: Uint8Array, source: string): ModelIO {
  const model = decodeModelProto(bytes, source);
  const graph = model.graph;
  if (!graph) throw new ToolError(`${source}: the model has no graph`);
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name ?? ''));
  const input = imageInput((graph.input ?? []).filter((i) => !initializers.has(i.name ?? '')), source);

  const softmaxOutputs = new Set((graph.node ?? []).filter((n) => n.opType === 'Softmax').flatMap((n) => n.output ?? []));
  const outputs = (graph.output ?? []).map((o): ModelOutput => ({
    name: o.name ?? '',
    kind: softmaxOutputs.has(o.name ?? '') ? 'probabilities' : 'logits',
  }));
  const compared = outputs.find((o) => o.kind === 'logits') ?? outputs[0];
  if (!compared) throw new ToolError(`${source}: the model has no outputs`);

  const externalDataFiles = new Set<string>();
  for (const t of graph.initializer ?? []) {
    for (const e of t.externalData ?? []) if (e.key === 'location' && e.value) externalDataFiles.add(e.value);
  }
  const metadata: Record<string, string> = {};
  for (const { key, value } of model.metadataProps ?? []) if (key) metadata[key] = value ?? '';

  return { inputName: input.name, fixedBatch: input.fixedBatch, outputs, compared, externalDataFiles: [...externalDataFiles], metadata };
}
