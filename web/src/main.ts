/**
 * The page: boots our engine (WebGL2, or the CPU with the reason), loads the server's
 * default model, and wires the three sections — Classify, Train, Parity.
 */
import { describeError } from '../../src/util/errors.js';
import { DATA_PREFIX } from '../../src/cli/web-routes.js';
import type { Dataset } from '../../src/train/data/dataset.js';
import { fetchDataset, fetchDatasetMeta, isUnavailable } from '../../src/train/browser/fetch-dataset.js';
import { fetchDefaultModel, loadModelBytes, type LoadedModel } from './app-model.js';
import { Classifier } from './classify/classifier.js';
import { setUpClassify } from './classify/classify-section.js';
import { byId, say } from './dom.js';
import { startEngine } from './engine.js';
import { inspection } from './inspection.js';
import { setUpParity } from './parity/parity-section.js';
import { setUpTraining } from './train/train-section.js';

/** Relative, so the page also works when served below a path. */
const DATA_URL = DATA_PREFIX.slice(1);

async function main(): Promise<void> {
  const engine = await startEngine();
  inspection.engineBackend = engine.description;
  const backendLabel = byId('engine-backend');
  backendLabel.textContent = engine.short;
  backendLabel.title = engine.description;

  let loaded: LoadedModel | null = null;
  let classifier: Classifier | null = null;
  let dataset: Promise<Dataset> | null = null;
  const getDataset = (): Promise<Dataset> => {
    dataset ??= fetchDataset(DATA_URL).catch((error: unknown) => {
      dataset = null; // try again next time
      throw error;
    });
    return dataset;
  };

  const classify = setUpClassify({
    current: () => (classifier && loaded ? { classifier, labels: loaded.labels, engineTitle: `our engine (${engine.backend.name})` } : null),
  });
  const useModel = async (next: LoadedModel): Promise<void> => {
    const opened = await Classifier.open(next, engine);
    await classifier?.close();
    classifier = opened;
    loaded = next;
    byId('model-name').textContent = next.parameters === null ? next.name : `${next.name} (${next.parameters.toLocaleString('en')} parameters)`;
    byId('ort-provider').textContent = opened.ortProvider.replace(/^onnxruntime-web /, '');
    classify.clear();
  };
  const useBytes = async (bytes: Uint8Array, name: string): Promise<void> => {
    try {
      await useModel(loadModelBytes(bytes, name));
      say(`Now using ${name}.`);
    } catch (error) {
      say(`Cannot use ${name}: ${describeError(error)}`, 'error');
    }
  };

  setUpTraining({ engine, dataset: getDataset, loadedSpec: () => loaded?.model.spec ?? null, useModel: useBytes });
  setUpParity({ engine, model: () => loaded, dataset: getDataset });
  const picker = byId<HTMLInputElement>('model-file');
  picker.addEventListener('change', () => {
    const file = picker.files?.[0];
    picker.value = '';
    if (file) void file.arrayBuffer().then((buffer) => useBytes(new Uint8Array(buffer), file.name));
  });

  fetchDatasetMeta(DATA_URL).then(
    (meta) =>
      (byId('data-source').textContent = isUnavailable(meta)
        ? `not available: ${meta.reason}`
        : `${meta.train.count.toLocaleString('en')} training and ${meta.test.count.toLocaleString('en')} test images, ${meta.source}`),
    (error: unknown) => (byId('data-source').textContent = `not available: ${describeError(error)}`),
  );
  const initial = await fetchDefaultModel();
  if (initial) await useModel(initial);
  else {
    byId('model-name').textContent = 'none yet';
    byId('ort-provider').textContent = '–';
    say('The server has no default model: load an ONNX model (any LeNet-shaped one), or train one below.');
  }
  inspection.ready = true;
}

main().catch((error: unknown) => say(`The page could not start: ${describeError(error)}`, 'error'));
