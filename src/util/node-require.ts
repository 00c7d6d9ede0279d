/**
 * Node's `require` for an ES module (`from`: its import.meta.url), or undefined where
 * there is none: browsers, and Node before 20.16 (no process.getBuiltinModule); callers
 * then `import()`. Why bother: Node's ESM loader re-reads a CommonJS package to find its
 * named exports, and loading sharp or onnx-proto with `require` instead saved 25–60 ms
 * each of a one-photo `predict`'s start-up.
 */
type NodeModuleApi = { createRequire(from: string): (id: string) => unknown };

export function nodeRequire(from: string): ((id: string) => unknown) | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return (proc?.getBuiltinModule?.('node:module') as NodeModuleApi | undefined)?.createRequire(from);
}
