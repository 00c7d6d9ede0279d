/**
 * What the conformance test expects of each device: a floor for the number of passing
 * cases (raise it as ops land) and every case known to fail, with the reason. A case
 * that newly fails, or a known failure that now passes, fails the test so this list
 * stays the truth.
 */

/** Cases no device of ours is expected to pass, and why. */
export const KNOWN_FAILURES: Readonly<Record<string, string>> = {
  'node/test_training_dropout': 'training mode with ratio > 0 draws a random mask; the engine infers only',
  'node/test_training_dropout_default': 'training mode with ratio > 0 draws a random mask; the engine infers only',
  'node/test_training_dropout_default_mask': 'training mode with ratio > 0 draws a random mask; the engine infers only',
  'node/test_training_dropout_mask': 'training mode with ratio > 0 draws a random mask; the engine infers only',
  'node/test_maxunpool_export_with_output_shape': 'the expected values place the indices in a padded output differently from the spec; onnxruntime-node 1.30 computes what we do',
};

/** Per-device extra known failures (a precision limit of float32, say). */
export const DEVICE_KNOWN_FAILURES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'engine-reference': {},
  'engine-cpu': {},
  'engine-webgl2': {},
};

export const PASS_FLOOR: Readonly<Record<string, number>> = {
  'engine-reference': 990,
  'engine-cpu': 990,
};

/** engine-webgl2 runs the cases whose ops all have GPU kernels (test/graph/backends/webgl2/webgl2-cases.ts): its floor counts those. */
export const WEBGL2_PASS_FLOOR = 537;
