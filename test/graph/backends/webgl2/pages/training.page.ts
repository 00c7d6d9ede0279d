/**
 * Page side of the WebGL2 training tests: the shared LeNet5 run on WebGL2, plus
 * the number of GL textures ever created, sampled at every step (flat once the
 * texture pool has warmed up).
 */
import { createWebgl2Backend } from '../../../../../src/graph/backends/webgl2/index.js';
import { exposeToNode } from '../../../../../src/browser/expose-to-node.js';
import { runLenetTraining, type TrainingRunOptions, type TrainingRunResult } from '../lenet-training-run.js';

export interface Webgl2TrainingResult extends TrainingRunResult {
  texturesCreated: number[];
  liveAfterDispose: number;
}

async function trainOnWebgl2(o: Omit<TrainingRunOptions, 'observe'>): Promise<Webgl2TrainingResult> {
  const backend = createWebgl2Backend();
  const texturesCreated: number[] = [];
  try {
    const run = await runLenetTraining(backend, { ...o, observe: () => texturesCreated.push(backend.texturesCreated()) });
    return { ...run, texturesCreated, liveAfterDispose: backend.liveCount() };
  } finally {
    backend.destroy();
  }
}

exposeToNode({ trainOnWebgl2 });
