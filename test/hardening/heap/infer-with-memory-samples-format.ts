/** What infer-with-memory-samples.ts prints: one sample per block of inferences, after a full GC. */
export interface InferenceMemorySample {
  /** Inferences run so far. */
  inferences: number;
  heapUsed: number;
  external: number;
  /** engine-cpu values alive in the wasm heap (the constants, between runs). */
  liveHeapTensors: number;
  /** Bytes the wasm heap has carved into blocks (freed ones wait in its pool). */
  reservedBytes: number;
}

export const INFERENCES_PER_SAMPLE = 50;
