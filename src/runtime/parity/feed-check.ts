/**
 * A set of feeds against the model's declared inputs, before any runtime sees them:
 * every input fed, nothing unknown fed, each tensor of the declared element type and
 * rank, fixed dims equal and each symbolic dim (e.g. `batch`) bound to one size across
 * all inputs. Problems are one line naming the input and where its values came from.
 */
import { describeTensor, type HostTensor } from '../../graph/host-tensor.js';
import { formatShape } from '../../graph/format-shape.js';
import { ToolError } from '../../util/errors.js';
import { describeTensorInfo, type TensorInfo } from '../model-io.js';

/** What is wrong with feeding `t` to `input`, or null. */
export function feedProblem(input: TensorInfo, t: HostTensor): string | null {
  if (input.type === null) return `the model's input ${describeTensorInfo(input)} cannot be fed (only numeric and bool tensors can)`;
  if (t.type !== input.type) return `${describeTensor(t)}, but the model's input ${describeTensorInfo(input)} is ${input.type}`;
  const dims = input.dims;
  if (!dims) return null;
  const fits = t.dims.length === dims.length && dims.every((d, i) => typeof d !== 'number' || d === t.dims[i]);
  return fits ? null : `${formatShape(t.dims)} does not fit the model's input ${describeTensorInfo(input)}`;
}

/**
 * Checks `feeds` against `inputs`; `origin(name)` says where a feed came from
 * (e.g. `--input ids=ids.npy`, `test_data_set_0/input_1.pb`).
 */
export function checkFeeds(inputs: readonly TensorInfo[], feeds: ReadonlyMap<string, HostTensor>, origin: (name: string) => string): void {
  const missing = inputs.filter((i) => !feeds.has(i.name));
  if (missing.length > 0) throw new ToolError(`no values for the model's input${missing.length === 1 ? '' : 's'} ${missing.map(describeTensorInfo).join(', ')}`);
  for (const name of feeds.keys()) {
    if (!inputs.some((i) => i.name === name)) throw new ToolError(`${origin(name)}: the model has no input "${name}" (inputs: ${inputs.map((i) => i.name).join(', ') || 'none'})`);
  }
  const bound = new Map<string, { size: number; by: string }>();
  for (const input of inputs) {
    const t = feeds.get(input.name)!;
    const problem = feedProblem(input, t);
    if (problem) throw new ToolError(`${origin(input.name)}: ${problem}`);
    input.dims?.forEach((d, i) => {
      if (typeof d !== 'string') return;
      const size = t.dims[i]!;
      const earlier = bound.get(d);
      if (earlier && earlier.size !== size) throw new ToolError(`${origin(input.name)}: dim "${d}" is ${size} here but ${earlier.size} in input "${earlier.by}"`);
      bound.set(d, { size, by: input.name });
    });
  }
}
