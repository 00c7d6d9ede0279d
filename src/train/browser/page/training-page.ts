/**
 * The page behind `train-and-export --backend webgl2`: the real trainer
 * (src/train/trainer.ts) on the WebGL2 backend, data from the local server, steps
 * and epochs queued for Node, which writes the checkpoints and the model.
 */
import { createWebgl2Backend, probeWebgl2 } from '../../../graph/backends/webgl2/index.js';
import { buildModel } from '../../../graph/models/build.js';
import { exposeToNode } from '../../../browser/expose-to-node.js';
import { createOptimizer, DivergenceError, train } from '../../trainer.js';
import { fetchDataset } from '../fetch-dataset.js';
import type { Snapshot, StartResult, TrainingEvent, TrainingPageApi, TrainingRequest } from '../protocol.js';
import { webglRenderer } from '../webgl-renderer.js';
import { EventQueue } from './event-queue.js';

const events = new EventQueue<TrainingEvent>();
let stopRequested = false;
let saved: (() => void) | null = null;

async function runTraining(request: TrainingRequest): Promise<void> {
  const backend = createWebgl2Backend();
  try {
    const data = await fetchDataset(request.dataBase);
    const model = buildModel(request.spec, backend);
    const optimizer = createOptimizer(model, request.config);
    const snapshot = async (): Promise<Snapshot> => ({ spec: await model.toSpec(), optimizer: await optimizer.state() });
    try {
      optimizer.loadState(request.optimizer);
      const outcome = await train({
        model, optimizer, config: request.config, data, start: request.start, history: request.history, readLossEvery: request.readLossEvery,
        hooks: {
          onStep: (info) => events.push({ type: 'step', info }),
          onEpoch: async (metrics, position) => {
            const checkpointed = new Promise<void>((go) => (saved = go));
            events.push({ type: 'epoch', metrics, position, snapshot: await snapshot() });
            await checkpointed;
          },
          shouldStop: () => stopRequested,
        },
      });
      events.push({ type: 'finished', stoppedAt: outcome.stoppedAt, snapshot: await snapshot() });
    } finally {
      optimizer.dispose();
      model.dispose();
    }
  } finally {
    backend.destroy();
  }
}

async function start(request: TrainingRequest): Promise<StartResult> {
  const probe = probeWebgl2();
  if (!probe.ok) return { ok: false, reason: probe.reason };
  const renderer = webglRenderer();
  runTraining(request).catch((error: unknown) =>
    events.push(error instanceof DivergenceError ? { type: 'diverged', message: error.message } : { type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
  return { ok: true, renderer };
}

exposeToNode<TrainingPageApi>({
  start,
  events: () => events.take(),
  epochSaved: () => {
    saved?.();
    saved = null;
  },
  stop: () => {
    stopRequested = true;
  },
});
