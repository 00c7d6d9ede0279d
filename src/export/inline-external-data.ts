/**
 * Moves an initializer's external data into its raw_data, from the model's external
 * data files already in memory. Rewritten copies of a model (bisection's exposed copy,
 * single-node reproducers) are handed to runtimes as bytes without a folder, so their
 * weights must travel inside them.
 */
import { ToolError } from '../util/errors.js';
import { parseExternalLocation } from './external-data.js';
import type { TensorProto } from './onnx-proto.js';
import { dataTypeByteSize, tensorShape } from './tensor-data.js';

export interface ExternalDataBytes {
  /** The location as the model names it. */
  path: string;
  data: Uint8Array;
}

export function inlineExternalData(t: TensorProto, files: readonly ExternalDataBytes[], where: string): TensorProto {
  if (t.dataLocation !== 1 && !(t.externalData?.length ?? 0)) return t;
  const loc = parseExternalLocation(t.externalData ?? [], where);
  const file = files.find((f) => f.path === loc.location);
  if (!file) throw new ToolError(`${where}: external data file "${loc.location}" was not loaded with the model`);
  const length = loc.length ?? tensorShape(t, where).count * (dataTypeByteSize(t.dataType) ?? 0);
  if (loc.offset + length > file.data.length) throw new ToolError(`${where}: external data lies beyond the end of "${loc.location}"`);
  return { ...t, rawData: file.data.slice(loc.offset, loc.offset + length), externalData: [], dataLocation: 0 };
}
