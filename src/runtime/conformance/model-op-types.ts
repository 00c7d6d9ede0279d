/** The op types a model's graph uses (`Conv`, or `com.microsoft.Gelu` outside the default domain), sorted, once each. */
import { decodeModelProto } from '../../export/onnx-proto.js';

export function modelOpTypes(bytes: Uint8Array, source: string): string[] {
  const graph = decodeModelProto(bytes, source).graph;
  const ops = new Set<string>();
  for (const node of graph?.node ?? []) {
    const domain = node.domain && node.domain !== 'ai.onnx' ? `${node.domain}.` : '';
    ops.add(`${domain}${node.opType ?? ''}`);
  }
  return [...ops].sort();
}
