/** The bounds every fuzz case must stay inside. */
export const FUZZ_LIMITS = {
  /** The watchdog kills a case that has not answered by then and reports it as a hang. */
  caseMs: 1000,
  /** Heap + ArrayBuffer bytes one case may leave allocated (the inputs are at most a few MB). */
  caseMemoryBytes: 256 * 2 ** 20,
  /** The case runner's V8 heap: a runaway allocation dies here instead of taking the machine. */
  heapMb: 768,
  /** Time to build a reader's corpus in a fresh runner (reads fixtures, encodes models). */
  prepareMs: 120_000,
} as const;
