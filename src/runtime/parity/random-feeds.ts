/**
 * Seeded random values for every model input, when nothing better is given:
 *  - shapes: fixed dims as declared; `--shape NAME=1,3,224,224` binds an input's dynamic
 *    dims (a symbolic dim bound once is bound for every input that shares its name); a
 *    leading symbolic dim (the batch) defaults to 1; any other unbound dim is an error
 *    that lists what to bind;
 *  - values: floats uniform in [0, 1) unless `--range NAME=LO,HI`; integers need a
 *    range (token ids outside the vocabulary fail in ways that say nothing about parity),
 *    uniform in [LO, HI) like numpy's randint; bool 0/1.
 */
import { Random } from '../../graph/random.js';
import { allocateData, elementCount, isBigIntType, isFloatType, numberToHalfBits, type HostTensor } from '../../graph/host-tensor.js';
import { formatShape } from '../../graph/format-shape.js';
import { ToolError } from '../../util/errors.js';
import { describeTensorInfo, type TensorInfo } from '../model-io.js';

export interface ValueRange {
  low: number;
  high: number;
}

export const DEFAULT_FLOAT_RANGE: ValueRange = { low: 0, high: 1 };

/** `NAME=...` specs split at the first `=`; every name must be one of `inputs`. */
function namedSpecs(flag: string, specs: readonly string[], inputs: readonly TensorInfo[], example: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const spec of specs) {
    const at = spec.lastIndexOf('=');
    if (at <= 0) throw new ToolError(`--${flag} ${spec}: expected ${example}`);
    const name = spec.slice(0, at);
    if (!inputs.some((i) => i.name === name)) throw new ToolError(`--${flag} ${spec}: the model has no input "${name}" (inputs: ${inputs.map((i) => i.name).join(', ') || 'none'})`);
    out.set(name, spec.slice(at + 1));
  }
  return out;
}

export function parseShapeFlags(specs: readonly string[], inputs: readonly TensorInfo[]): Map<string, number[]> {
  const raw = namedSpecs('shape', specs, inputs, 'NAME=D0,D1,... (e.g. input=1,3,224,224)');
  return new Map(
    [...raw].map(([name, text]) => {
      const dims = text.split(',').map((d) => Number(d.trim()));
      if (text.trim() === '' || dims.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new ToolError(`--shape ${name}=${text}: dims must be whole numbers >= 0`);
      return [name, dims];
    }),
  );
}

export function parseRangeFlags(specs: readonly string[], inputs: readonly TensorInfo[]): Map<string, ValueRange> {
  const raw = namedSpecs('range', specs, inputs, 'NAME=LO,HI (e.g. ids=0,30522)');
  return new Map(
    [...raw].map(([name, text]) => {
      const parts = text.split(',').map((x) => Number(x.trim()));
      const [low, high] = parts as [number, number];
      if (parts.length !== 2 || !Number.isFinite(low) || !Number.isFinite(high) || !(low < high)) throw new ToolError(`--range ${name}=${text}: expected LO,HI with LO < HI`);
      return [name, { low, high }];
    }),
  );
}

/** The concrete shape of every input, or one line naming the dims left to bind. */
export function bindShapes(inputs: readonly TensorInfo[], shapes: ReadonlyMap<string, readonly number[]>): Map<string, number[]> {
  const symbols = new Map<string, number>();
  for (const input of inputs) {
    const given = shapes.get(input.name);
    if (!given) continue;
    if (input.dims && (given.length !== input.dims.length || input.dims.some((d, i) => typeof d === 'number' && d !== given[i]))) {
      throw new ToolError(`--shape ${input.name}=${given.join(',')}: does not fit the model's input ${describeTensorInfo(input)}`);
    }
    input.dims?.forEach((d, i) => {
      if (typeof d === 'string') symbols.set(d, given[i]!);
    });
  }
  const result = new Map<string, number[]>();
  const unbound: string[] = [];
  for (const input of inputs) {
    const given = shapes.get(input.name);
    if (given) {
      result.set(input.name, [...given]);
      continue;
    }
    if (!input.dims) {
      unbound.push(`${describeTensorInfo(input)} (no declared shape: give all of it)`);
      continue;
    }
    const dims = input.dims.map((d, i) => (typeof d === 'number' ? d : typeof d === 'string' && symbols.has(d) ? symbols.get(d)! : i === 0 ? 1 : null));
    const open = input.dims.filter((_, i) => dims[i] === null).map((d) => d ?? '?');
    if (open.length > 0) unbound.push(`${describeTensorInfo(input)}: ${open.join(', ')}`);
    else result.set(input.name, dims as number[]);
  }
  if (unbound.length > 0) {
    throw new ToolError(`bind the dynamic dims with --shape NAME=D0,D1,...: ${unbound.join('; ')}`);
  }
  return result;
}

/** Random feeds for every input; what was chosen is described in `source`. */
export function randomFeeds(
  inputs: readonly TensorInfo[],
  options: {
    shapes: ReadonlyMap<string, readonly number[]>;
    ranges: ReadonlyMap<string, ValueRange>;
    seed: number;
    /** All the model's inputs, when `inputs` is only some: their shapes bind shared symbolic dims. */
    bindWith?: readonly TensorInfo[];
  },
): { feeds: Map<string, HostTensor>; source: string } {
  const missingRange = inputs.filter((i) => i.type !== null && !isFloatType(i.type) && i.type !== 'bool' && !options.ranges.has(i.name));
  if (missingRange.length > 0) {
    const names = missingRange.map((i) => `${describeTensorInfo(i)}`).join(', ');
    throw new ToolError(`integer input${missingRange.length === 1 ? '' : 's'} ${names} need${missingRange.length === 1 ? 's' : ''} a value range: --range NAME=LO,HI (e.g. token ids: --range ${missingRange[0]!.name}=0,VOCAB_SIZE), or real values with --input NAME=FILE`);
  }
  const unfeedable = inputs.find((i) => i.type === null);
  if (unfeedable) throw new ToolError(`the model's input ${describeTensorInfo(unfeedable)} cannot be fed (only numeric and bool tensors can)`);
  const shapes = bindShapes(options.bindWith ?? inputs, options.shapes);
  const random = new Random(options.seed);
  const feeds = new Map<string, HostTensor>();
  const described: string[] = [];
  for (const input of inputs) {
    const type = input.type!;
    const dims = shapes.get(input.name)!;
    const range = options.ranges.get(input.name) ?? DEFAULT_FLOAT_RANGE;
    const data = allocateData(type, elementCount(dims));
    for (let i = 0; i < data.length; i++) {
      if (type === 'bool') data[i] = random.int(2);
      else if (isFloatType(type)) {
        const v = random.uniform(range.low, range.high);
        data[i] = type === 'float16' ? numberToHalfBits(v) : v;
      } else {
        const v = Math.ceil(range.low) + random.int(Math.max(1, Math.ceil(range.high) - Math.ceil(range.low)));
        data[i] = isBigIntType(type) ? BigInt(v) : v;
      }
    }
    feeds.set(input.name, { type, dims, data });
    described.push(`${input.name} ${type} ${formatShape(dims)}${type === 'bool' ? '' : ` in [${range.low}, ${range.high})`}`);
  }
  return { feeds, source: `seeded random inputs (seed ${options.seed}): ${described.join(', ')}` };
}
