/**
 * Child process for the heap-flat test (run with --expose-gc): trains LeNet on the CPU
 * backend epoch after epoch and, after each, collects garbage and records the JS heap,
 * external memory, the backend's live storages and the bytes its pool has reserved.
 *
 *   node --import tsx --expose-gc train-with-memory-samples.ts <epochs>   → JSON on stdout
 */
import { buildModel, createLenetSpec } from '../../../src/graph/index.js';
import { createCpuBackend } from '../../../src/graph/backends/cpu/index.js';
import { DEFAULT_CONFIG, type TrainConfig } from '../../../src/train/config.js';
import { createOptimizer, train } from '../../../src/train/trainer.js';
import { syntheticDataset } from '../../helpers/synthetic-data.js';
import { STEPS_PER_EPOCH, type MemorySample } from './train-with-memory-samples-format.js';

const BATCH = 4;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const epochs = Number(process.argv[2] ?? 10);

const backend = createCpuBackend({ threads: 1 });
const data = syntheticDataset(STEPS_PER_EPOCH * BATCH, 64, 10, 7);
const config: TrainConfig = { ...DEFAULT_CONFIG, epochs, batchSize: BATCH, warmupEpochs: 0 };
const model = buildModel(createLenetSpec('lenet5', 3), backend);
const optimizer = createOptimizer(model, config);
const samples: MemorySample[] = [];

await train({
  model, optimizer, config, data, start: { epoch: 0, step: 0 }, history: [],
  hooks: {
    onEpoch: (metrics) => {
      gc();
      gc();
      const m = process.memoryUsage();
      samples.push({ epoch: metrics.epoch, heapUsed: m.heapUsed, external: m.external, liveStorages: backend.liveCount(), reservedBytes: backend.reservedBytes() });
    },
  },
});
optimizer.dispose();
model.dispose();
process.stdout.write(`${JSON.stringify({ samples, liveAfterDispose: backend.liveCount() })}\n`);
