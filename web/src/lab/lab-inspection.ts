/**
 * What the lab has computed, as plain data on `window.__lab`: the end-to-end tests read
 * exact numbers here (not the rounded table text), and a curious user can look at them
 * from the devtools console.
 */
import type { HostTensor } from '../../../src/graph/host-tensor.js';
import type { LabEnvironment } from './environment.js';

export const labInspection = {
  /** True once the environment is known and the drop zone listens. */
  ready: false,
  environment: null as LabEnvironment | null,
  /** The loaded case: its name, or the one-line reason it could not be read. */
  loaded: null as { name: string } | { error: string } | null,
  /** Bumped at each finished run (and each failed one); `json` is what Download gives. */
  runs: 0,
  json: null as Record<string, unknown> | null,
  runError: null as string | null,
  /** The feeds of the last run's first data set, by input name (what every runtime got). */
  feeds: null as ReadonlyMap<string, HostTensor> | null,
  bisects: 0,
};

(globalThis as unknown as { __lab: typeof labInspection }).__lab = labInspection;
