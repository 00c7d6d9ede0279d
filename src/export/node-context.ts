/** The reader's view of one node, handed to the op table's importers. */
import type { ActivationValue } from './onnx-ops/activation-value.js';
import { ToolError } from '../util/errors.js';
import type { Attributes } from './onnx-ops/attributes.js';
import type { ChainBuilder } from './onnx-ops/chain-builder.js';
import type { NodeContext, Value } from './onnx-ops/types.js';
import { readFloatTensor, readIntTensor, type FloatTensor, type IntTensor, type TensorSource } from './tensor-data.js';

export class ReaderNodeContext implements NodeContext {
  constructor(
    readonly label: string,
    readonly opset: number,
    readonly attrs: Attributes,
    readonly chain: ChainBuilder,
    private readonly inputNames: string[],
    private readonly inputs: (Value | undefined)[],
    private readonly tensors: TensorSource,
  ) {}

  fail(message: string): never {
    throw new ToolError(`${this.tensors.where}: ${this.label}: ${message}`);
  }

  input(i: number): Value | undefined {
    return this.inputs[i];
  }

  activation(i: number): ActivationValue {
    const v = this.inputs[i];
    if (!v) return this.fail(`input ${i} is missing`);
    if (v.kind !== 'activation') return this.fail(`input "${this.inputNames[i]}" must be computed from the model input, but it is a constant`);
    if (v.consumer !== null) {
      this.fail(`"${this.inputNames[i]}" is also used by ${v.consumer}; only a single chain without branches can be imported`);
    }
    v.consumer = this.label;
    return v;
  }

  private constant(i: number) {
    const v = this.inputs[i];
    if (!v) return this.fail(`input ${i} is missing`);
    if (v.kind !== 'constant') return this.fail(`input "${this.inputNames[i]}" must be a constant (initializer), but it depends on the model input`);
    return v.tensor;
  }

  floats(i: number): FloatTensor {
    return readFloatTensor(this.constant(i), this.tensors);
  }

  ints(i: number): IntTensor {
    return readIntTensor(this.constant(i), this.tensors);
  }
}
