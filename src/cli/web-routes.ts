/**
 * The URLs the web page (web/src) and its server (web.ts) agree on. Plain constants,
 * safe to bundle into the page.
 */

/** The server's default model: 200 with the bytes and its name in MODEL_NAME_HEADER, or 204 when there is none. */
export const DEFAULT_MODEL_PATH = '/model/default.onnx';
export const MODEL_NAME_HEADER = 'x-model-name';

/** CIFAR-10 for training and parity, from the configured data source (src/train/browser/dataset-routes.ts). */
export const DATA_PREFIX = '/data';
