/**
 * The page side of the browser harness: a bundled entry registers the functions
 * a Node test may call. Arguments and results must be structured-clonable plain data.
 */
export type PageFunctions = Record<string, (...args: never[]) => unknown>;

export function exposeToHarness(functions: PageFunctions): void {
  (globalThis as unknown as { __harness: PageFunctions }).__harness = functions;
}
