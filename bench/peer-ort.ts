/** onnxruntime-node (CPU EP) and onnxruntime-web (wasm, in Node) running our exported LeNet5. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { median, timeRuns } from './stats.js';

const require = createRequire(import.meta.url);

function randomInput(batch: number): Float32Array {
  const x = new Float32Array(batch * 3 * 32 * 32);
  for (let i = 0; i < x.length; i++) x[i] = ((i * 2654435761) % 1000) / 1000;
  return x;
}

export async function benchOrtNode(model: Uint8Array, threads: number, batch = 256, runs = 7): Promise<number> {
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: threads, interOpNumThreads: 1, executionProviders: ['cpu'] });
  const feeds = { input: new ort.Tensor('float32', randomInput(batch), [batch, 3, 32, 32]) };
  const seconds = await timeRuns(() => session.run(feeds), runs, 2);
  await session.release();
  return batch / median(seconds);
}

/** onnxruntime-node on 1 intra-op thread, in images per CPU-second of this process (robust to a busy machine). */
export async function ortNodeImagesPerCpuSecond(model: Uint8Array, batch = 256, runs = 7): Promise<number> {
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1, interOpNumThreads: 1, executionProviders: ['cpu'] });
  const feeds = { input: new ort.Tensor('float32', randomInput(batch), [batch, 3, 32, 32]) };
  for (let i = 0; i < 2; i++) await session.run(feeds);
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    await session.run(feeds);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1e6);
  }
  await session.release();
  return batch / median(cpu);
}

export async function benchOrtWeb(model: Uint8Array, threads: number, batch = 256, runs = 7): Promise<number> {
  const ort = await import('onnxruntime-web');
  // Resolve the wasm files from node_modules: no network, ever.
  ort.env.wasm.wasmPaths = `${join(dirname(require.resolve('onnxruntime-web')), '/')}`;
  ort.env.wasm.numThreads = threads;
  const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'] });
  const feeds = { input: new ort.Tensor('float32', randomInput(batch), [batch, 3, 32, 32]) };
  const seconds = await timeRuns(() => session.run(feeds), runs, 2);
  await session.release();
  return batch / median(seconds);
}
