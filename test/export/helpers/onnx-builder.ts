/** Hand-built ONNX graphs for op-level tests (plain objects, encoded through src/export's protobuf doorway). */
import { AttributeType, DataType, encodeModelProto, type AttributeProto, type IModelProto, type NodeProto, type TensorProto } from '../../../src/export/onnx-proto.js';

export function floatTensor(name: string, dims: number[], data: ArrayLike<number>): TensorProto {
  const raw = new Uint8Array(data.length * 4);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);
  return { name, dims, dataType: DataType.FLOAT, rawData: raw };
}

export function int64Tensor(name: string, dims: number[], data: number[]): TensorProto {
  return { name, dims, dataType: DataType.INT64, int64Data: data };
}

export const attr = {
  int: (name: string, i: number): AttributeProto => ({ name, type: AttributeType.INT, i }),
  ints: (name: string, ints: number[]): AttributeProto => ({ name, type: AttributeType.INTS, ints }),
  float: (name: string, f: number): AttributeProto => ({ name, type: AttributeType.FLOAT, f }),
  string: (name: string, s: string): AttributeProto => ({ name, type: AttributeType.STRING, s: new TextEncoder().encode(s) }),
  tensor: (name: string, t: TensorProto): AttributeProto => ({ name, type: AttributeType.TENSOR, t }),
};

export function node(opType: string, input: string[], output: string[], attribute: AttributeProto[] = [], name = `${opType}_${output[0]}`): NodeProto {
  return { opType, input, output, attribute, name };
}

export interface GraphParts {
  opset?: number;
  irVersion?: number;
  nodes: NodeProto[];
  initializers?: TensorProto[];
  /** Input dims; a string is a symbolic dim. */
  inputDims?: (number | string)[];
  inputName?: string;
  outputs?: string[];
  /** Extra graph inputs (e.g. initializers listed as inputs, IR 3 style). */
  extraInputs?: string[];
  metadata?: Record<string, string>;
}

function valueInfo(name: string, dims?: (number | string)[]) {
  const shape = dims ? { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } : undefined;
  return { name, type: { tensorType: { elemType: DataType.FLOAT, ...(shape ? { shape } : {}) } } };
}

export function modelProto(parts: GraphParts): IModelProto {
  const opset = parts.opset ?? 13;
  return {
    irVersion: parts.irVersion ?? 7,
    opsetImport: [{ domain: '', version: opset }],
    producerName: 'test',
    graph: {
      name: 'test',
      node: parts.nodes,
      initializer: parts.initializers ?? [],
      input: [valueInfo(parts.inputName ?? 'input', parts.inputDims ?? ['N', 3, 32, 32]), ...(parts.extraInputs ?? []).map((n) => valueInfo(n))],
      output: (parts.outputs ?? ['logits']).map((n) => valueInfo(n)),
    },
    metadataProps: Object.entries(parts.metadata ?? {}).map(([key, value]) => ({ key, value })),
  };
}

export function buildModelBytes(parts: GraphParts): Uint8Array {
  return encodeModelProto(modelProto(parts));
}
