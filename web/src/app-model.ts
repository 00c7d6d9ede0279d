/**
 * The model the page works with: the server's default (the released models/lenet.onnx,
 * or whatever `npm run web -- --model` named) or an ONNX file the user picks. Every
 * runtime gets these very bytes; our engine gets our importer's reading of them.
 */
import { DEFAULT_MODEL_PATH, MODEL_NAME_HEADER } from '../../src/cli/web-routes.js';
import { CIFAR10_CLASSES } from '../../src/graph/model-spec.js';
import { classLabels } from '../../src/runtime/class-labels.js';
import { modelFromBytes, type ModelUnderTest } from '../../src/runtime/model-under-test.js';

export interface LoadedModel {
  name: string;
  model: ModelUnderTest;
  /** Class names in output order. */
  labels: string[];
  /** Trainable values, when our importer could read the model. */
  parameters: number | null;
}

/** Relative, so the page also works when served below a path. */
const DEFAULT_MODEL_URL = DEFAULT_MODEL_PATH.slice(1);

export function loadModelBytes(bytes: Uint8Array, name: string): LoadedModel {
  const model = modelFromBytes(bytes, name);
  const lastLinear = model.spec?.layers.filter((l) => l.kind === 'linear').at(-1);
  const classes = lastLinear && lastLinear.kind === 'linear' ? lastLinear.outFeatures : CIFAR10_CLASSES.length;
  const parameters = model.spec ? Object.values(model.spec.params).reduce((n, p) => n + p.data.length, 0) : null;
  return { name, model, labels: classLabels(model.io.metadata, classes, name), parameters };
}

export async function fetchDefaultModel(): Promise<LoadedModel | null> {
  const response = await fetch(DEFAULT_MODEL_URL);
  if (response.status === 204) return null;
  if (!response.ok) throw new Error(`${DEFAULT_MODEL_URL}: HTTP ${response.status}`);
  const name = response.headers.get(MODEL_NAME_HEADER) ?? 'default.onnx';
  return loadModelBytes(new Uint8Array(await response.arrayBuffer()), name);
}
