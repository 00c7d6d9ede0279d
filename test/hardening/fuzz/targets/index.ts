/** The readers under fuzz, loaded on demand (the image target pulls in sharp, the ONNX one protobuf). */
import type { FuzzTarget, ReaderName } from '../target.js';

const loaders: Record<ReaderName, () => Promise<FuzzTarget>> = {
  onnx: async () => (await import('./onnx.js')).onnxTarget,
  safetensors: async () => (await import('./safetensors.js')).safetensorsTarget,
  'cifar-bin': async () => (await import('./cifar-bin.js')).cifarBinTarget,
  tar: async () => (await import('./tar.js')).tarTarget,
  image: async () => (await import('./image.js')).imageTarget,
  checkpoint: async () => (await import('./checkpoint.js')).checkpointTarget,
  cache: async () => (await import('./decoded-cache.js')).decodedCacheTarget,
};

export function loadTarget(reader: ReaderName): Promise<FuzzTarget> {
  return loaders[reader]();
}
