/** Constant → a constant value (tensor, or the scalar/list shorthands of opset 12). */
import { DataType, type TensorProto } from '../onnx-proto.js';
import type { OpDefinition } from './types.js';

export const Constant: OpDefinition = {
  since: 1,
  inputs: [0, 0],
  outputs: [1, 1],
  attributes: {
    value: { kind: 'tensor' },
    sparse_value: { kind: 'tensor', since: 11 },
    value_float: { kind: 'float', since: 12 },
    value_floats: { kind: 'floats', since: 12 },
    value_int: { kind: 'int', since: 12 },
    value_ints: { kind: 'ints', since: 12 },
    value_string: { kind: 'string', since: 12 },
    value_strings: { kind: 'string', since: 12 },
  },
  importNode(ctx) {
    const a = ctx.attrs;
    const present = Object.keys(Constant.attributes).filter((n) => a.has(n));
    if (present.length !== 1) ctx.fail(`needs exactly one value attribute, got ${present.length ? present.join(', ') : 'none'}`);
    let tensor: TensorProto;
    switch (present[0]) {
      case 'value':
        tensor = { ...a.tensor('value') };
        break;
      case 'value_float':
        tensor = { dims: [], dataType: DataType.FLOAT, floatData: [a.float('value_float', 0)] };
        break;
      case 'value_floats': {
        const v = a.floats('value_floats', []);
        tensor = { dims: [v.length], dataType: DataType.FLOAT, floatData: v };
        break;
      }
      case 'value_int':
        tensor = { dims: [], dataType: DataType.INT64, int64Data: [a.int('value_int', 0)] };
        break;
      case 'value_ints': {
        const v = a.ints('value_ints', []);
        tensor = { dims: [v.length], dataType: DataType.INT64, int64Data: v };
        break;
      }
      default:
        return ctx.fail(`${present[0]} constants are not supported`);
    }
    // Name the tensor after the node output, so messages point at something findable.
    tensor.name = ctx.label;
    return [{ kind: 'constant', tensor }];
  },
};
