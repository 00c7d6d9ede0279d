/** What train-with-memory-samples.ts prints: one sample per epoch, after a full GC. */
export interface MemorySample {
  epoch: number;
  heapUsed: number;
  external: number;
  liveStorages: number;
  reservedBytes: number;
}

export const STEPS_PER_EPOCH = 50;
