/**
 * Typed reads of a node's attributes with ONNX's defaults supplied by the kernel, the
 * way the operator docs state them (`Gemm(alpha=1.0, transA=0)`). A present attribute
 * of the wrong kind, or a missing required one, is one line naming the node.
 */
import { ToolError } from '../../util/errors.js';
import type { HostTensor } from '../host-tensor.js';
import type { AttributeKind, AttributeValue } from './graph-ir.js';

type ValueOf<K extends AttributeKind> = { [V in AttributeValue as V['kind']]: V['value'] }[K];

export class NodeAttributes {
  constructor(
    private readonly values: ReadonlyMap<string, AttributeValue>,
    /** `node "name" (OpType)` for messages. */
    private readonly label: string,
  ) {}

  has(name: string): boolean {
    return this.values.has(name);
  }

  names(): string[] {
    return [...this.values.keys()];
  }

  int(name: string, fallback: number): number;
  int(name: string): number | undefined;
  int(name: string, fallback?: number): number | undefined {
    return this.read(name, 'int') ?? fallback;
  }

  ints(name: string, fallback: readonly number[]): readonly number[];
  ints(name: string): readonly number[] | undefined;
  ints(name: string, fallback?: readonly number[]): readonly number[] | undefined {
    return this.read(name, 'ints') ?? fallback;
  }

  float(name: string, fallback: number): number;
  float(name: string): number | undefined;
  float(name: string, fallback?: number): number | undefined {
    return this.read(name, 'float') ?? fallback;
  }

  floats(name: string, fallback: readonly number[]): readonly number[];
  floats(name: string): readonly number[] | undefined;
  floats(name: string, fallback?: readonly number[]): readonly number[] | undefined {
    return this.read(name, 'floats') ?? fallback;
  }

  string(name: string, fallback: string): string;
  string(name: string): string | undefined;
  string(name: string, fallback?: string): string | undefined {
    return this.read(name, 'string') ?? fallback;
  }

  strings(name: string): readonly string[] | undefined {
    return this.read(name, 'strings');
  }

  tensor(name: string): HostTensor | undefined {
    return this.read(name, 'tensor');
  }

  /** A required attribute: missing is an error naming the node. */
  required<K extends AttributeKind>(name: string, kind: K): ValueOf<K> {
    const value = this.read(name, kind) as ValueOf<K> | undefined;
    if (value === undefined) throw new ToolError(`${this.label}: attribute "${name}" is required`);
    return value;
  }

  private read<K extends AttributeKind>(name: string, kind: K): ValueOf<K> | undefined {
    const attr = this.values.get(name);
    if (!attr) return undefined;
    if (attr.kind !== kind) throw new ToolError(`${this.label}: attribute "${name}" must be ${kind}, got ${attr.kind}`);
    return attr.value as ValueOf<K>;
  }
}
