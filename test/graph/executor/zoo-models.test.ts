/**
 * Real models (../shared/fixtures/zoo: torchvision CNNs, a small transformer, an
 * embedding classifier, a two-input two-output model, a bidirectional LSTM tagger) on
 * every host device, against PyTorch's own outputs within 1e-4.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOnnxGraph } from '../../../src/export/onnx-graph-reader.js';
import { readOnnxTestDataSets } from '../../../src/export/onnx-test-case.js';
import { cpuDevice } from '../../../src/graph/executor/devices/cpu.js';
import { referenceDevice } from '../../../src/graph/executor/devices/reference.js';
import { GraphExecutor } from '../../../src/graph/executor/executor.js';
import { toFloat64 } from '../../../src/graph/host-tensor.js';
import { compareTensors } from '../../helpers/onnx-case.js';
import { fixturesDir } from '../../helpers/paths.js';

const ZOO = join(fixturesDir, 'zoo');
const MODELS = ['squeezenet1_1', 'mobilenet_v2', 'tiny-transformer', 'token-classifier', 'two-heads', 'lstm-tagger'];

describe('zoo models match PyTorch within 1e-4', () => {
  for (const device of [referenceDevice(), cpuDevice()]) {
    for (const model of MODELS) {
      it(`${model} on ${device.name}`, async () => {
        const dir = join(ZOO, model);
        const graph = loadOnnxGraph(join(dir, 'model.onnx'));
        const executor = new GraphExecutor(graph, device);
        for (const set of readOnnxTestDataSets(dir, graph)) {
          const outputs = await executor.run(set.inputs);
          for (const [name, expected] of set.outputs) {
            const actual = outputs.get(name)!;
            expect(compareTensors(actual, expected, { rtol: 0, atol: 1e-4 }), `${model} ${name}`).toBeNull();
            // Not vacuous: the outputs carry signal.
            expect(Math.max(...toFloat64(expected).map(Math.abs))).toBeGreaterThan(1e-3);
          }
        }
        executor.dispose();
      });
    }
  }
});
