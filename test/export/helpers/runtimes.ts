/**
 * Run ONNX models through onnxruntime-node and onnxruntime-web (wasm, single-threaded,
 * wasm files from node_modules: no network), and through our engine.
 */
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { join } from 'node:path';
import { buildModel, createReferenceBackend, noGrad, tensorFrom, tidy, type ModelSpec } from '../../../src/graph/index.js';
import { repoRoot } from '../../helpers/paths.js';

ortWeb.env.wasm.numThreads = 1;
ortWeb.env.wasm.wasmPaths = `${join(repoRoot, 'node_modules', 'onnxruntime-web', 'dist')}/`;

export type RuntimeName = 'onnxruntime-node' | 'onnxruntime-web';
export const RUNTIMES: RuntimeName[] = ['onnxruntime-node', 'onnxruntime-web'];

export interface ExternalFile {
  path: string;
  data: Uint8Array;
}

/** Outputs by name for `input` of shape [batch, ...sampleShape]. */
export async function runOnnx(
  runtime: RuntimeName,
  model: Uint8Array,
  input: Float32Array,
  shape: number[],
  externalData: ExternalFile[] = [],
): Promise<Record<string, Float32Array>> {
  const ort = runtime === 'onnxruntime-node' ? ortNode : ortWeb;
  const options = externalData.length ? { externalData } : {};
  const session = await (ort.InferenceSession.create as (m: Uint8Array, o: object) => Promise<ortNode.InferenceSession>)(model, options);
  try {
    const feeds = { [session.inputNames[0]!]: new ort.Tensor('float32', input, shape) };
    const results = await session.run(feeds as Record<string, ortNode.Tensor>);
    const out: Record<string, Float32Array> = {};
    for (const [name, t] of Object.entries(results)) out[name] = Float32Array.from(t.data as Float32Array);
    return out;
  } finally {
    await session.release();
  }
}

/** The engine's forward pass (reference backend, float32) on `spec`. */
export function engineForward(spec: ModelSpec, input: Float32Array, batch: number): Float32Array {
  const backend = createReferenceBackend('float32');
  const model = buildModel(spec, backend);
  try {
    return noGrad(() =>
      tidy(() => Float32Array.from(model.forward(tensorFrom(backend, [batch, ...spec.inputShape], input)).dataSync())),
    );
  } finally {
    model.dispose();
  }
}

/** Deterministic pseudo-random floats in [lo, hi). */
export function seededFloats(count: number, seed: number, lo = 0, hi = 1): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = lo + ((s >>> 8) / 2 ** 24) * (hi - lo);
  }
  return out;
}
