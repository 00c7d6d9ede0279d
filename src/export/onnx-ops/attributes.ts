/**
 * Typed access to a node's attributes, checked against the op's declared schema: names
 * and types as the ONNX operator docs give them, defaults supplied by the caller.
 */
import { AttributeType, int64ToNumber, type AttributeProto, type NodeProto, type TensorProto } from '../onnx-proto.js';

export type AttrKind = 'int' | 'ints' | 'float' | 'floats' | 'string' | 'tensor';

export interface AttrSchema {
  kind: AttrKind;
  /** First opset where the attribute exists (default: since the op itself). */
  since?: number;
}

const KIND_OF_TYPE = new Map<number, AttrKind>([
  [AttributeType.INT, 'int'],
  [AttributeType.INTS, 'ints'],
  [AttributeType.FLOAT, 'float'],
  [AttributeType.FLOATS, 'floats'],
  [AttributeType.STRING, 'string'],
  [AttributeType.TENSOR, 'tensor'],
]);

export const ATTRIBUTE_TYPE_OF_KIND: Record<AttrKind, number> = {
  int: AttributeType.INT,
  ints: AttributeType.INTS,
  float: AttributeType.FLOAT,
  floats: AttributeType.FLOATS,
  string: AttributeType.STRING,
  tensor: AttributeType.TENSOR,
};

export function attributeTypeName(type: number | null | undefined): string {
  return (type !== null && type !== undefined && AttributeType[type]) || `type ${type}`;
}

/** Problems with `node`'s attributes against `schema` at `opset`; empty when fine. */
export function attributeProblems(node: NodeProto, schema: Record<string, AttrSchema>, opset: number): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const attr of node.attribute ?? []) {
    const name = attr.name ?? '';
    const spec = Object.hasOwn(schema, name) ? schema[name] : undefined;
    if (seen.has(name)) problems.push(`attribute "${name}" appears twice`);
    seen.add(name);
    if (!spec) {
      problems.push(`unknown attribute "${name}"`);
      continue;
    }
    if (spec.since !== undefined && opset < spec.since) problems.push(`attribute "${name}" needs opset ${spec.since}`);
    const kind = KIND_OF_TYPE.get(attr.type ?? 0);
    // Old files may omit `type`; then infer it from the populated field, as onnx does.
    const effective = attr.type ? kind : inferKind(attr);
    if (effective !== spec.kind) {
      problems.push(`attribute "${name}" must be ${attributeTypeName(ATTRIBUTE_TYPE_OF_KIND[spec.kind])}, got ${attr.type ? attributeTypeName(attr.type) : 'no type'}`);
    }
  }
  return problems;
}

function inferKind(attr: AttributeProto): AttrKind | undefined {
  if (attr.ints?.length) return 'ints';
  if (attr.floats?.length) return 'floats';
  if (attr.t) return 'tensor';
  if (attr.s?.length) return 'string';
  return undefined;
}

/** Read-only typed view of a node's attributes; assumes `attributeProblems` found none. */
export class Attributes {
  private readonly byName = new Map<string, AttributeProto>();

  constructor(node: NodeProto, private readonly where: string) {
    for (const attr of node.attribute ?? []) this.byName.set(attr.name ?? '', attr);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  int(name: string, fallback: number): number {
    const a = this.byName.get(name);
    return a ? int64ToNumber(a.i, `${this.where} attribute ${name}`) : fallback;
  }

  ints(name: string, fallback: number[]): number[] {
    const a = this.byName.get(name);
    return a ? (a.ints ?? []).map((v) => int64ToNumber(v, `${this.where} attribute ${name}`)) : fallback;
  }

  float(name: string, fallback: number): number {
    const a = this.byName.get(name);
    return a ? (a.f ?? 0) : fallback;
  }

  floats(name: string, fallback: number[]): number[] {
    const a = this.byName.get(name);
    return a ? [...(a.floats ?? [])] : fallback;
  }

  string(name: string, fallback: string): string {
    const a = this.byName.get(name);
    return a ? new TextDecoder().decode(a.s ?? new Uint8Array()) : fallback;
  }

  tensor(name: string): TensorProto | undefined {
    return this.byName.get(name)?.t ?? undefined;
  }
}
