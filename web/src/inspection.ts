/**
 * What the page has computed, as plain data on `window.__lenetPage`: the end-to-end
 * tests read their numbers here (instead of scraping rounded text), and a curious user
 * can inspect the exact logits from the devtools console.
 */
import type { Comparison } from '../../src/runtime/parity/compare.js';
import type { EpochMetrics, StepInfo } from '../../src/train/trainer.js';

export interface ClassificationRecord {
  file: string;
  /** The model input, CHW float32 in [0, 1]. */
  tensor: number[];
  ortLogits: number[];
  engineLogits: number[];
  maxLogitDifference: number;
}

export interface ParityRecord {
  images: number;
  reference: string;
  comparisons: Comparison[];
  unavailable: { runtime: string; reason: string }[];
}

export const inspection = {
  /** True once the model, both runtimes and the UI are up. */
  ready: false,
  engineBackend: '',
  classifications: [] as ClassificationRecord[],
  training: { steps: [] as StepInfo[], epochs: [] as EpochMetrics[], running: false },
  parity: null as ParityRecord | null,
};

(globalThis as unknown as { __lenetPage: typeof inspection }).__lenetPage = inspection;
