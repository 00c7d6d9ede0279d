/**
 * Every runtime by name, for `--runtime` / `--runtimes` / `--reference`. Browser
 * adapters join this list as they arrive; nothing else needs to change.
 */
import { ToolError } from '../util/errors.js';
import { engineCpuRuntime, engineReferenceRuntime } from './adapters/engine-cpu.js';
import { engineWebgl2Runtime } from './adapters/engine-webgl2.js';
import { ortNodeRuntime } from './adapters/ort-node.js';
import { ortWebBrowserRuntime } from './adapters/ort-web-browser.js';
import { ortWebNodeRuntime } from './adapters/ort-web-node.js';
import { ortWebWebglRuntime } from './adapters/ort-web-webgl.js';
import { ortWebWebgpuRuntime } from './adapters/ort-web-webgpu.js';
import type { Runtime } from './runtime.js';

interface RegistryEntry {
  runtime: Runtime;
  /** Part of `--runtimes all`. Diagnostic runtimes are only run when named. */
  inAll: boolean;
}

const ENTRIES: readonly RegistryEntry[] = [
  { runtime: engineCpuRuntime, inAll: true },
  { runtime: ortNodeRuntime, inAll: true },
  { runtime: ortWebNodeRuntime, inAll: true },
  // In a browser: these share one headless Chromium per command.
  { runtime: ortWebBrowserRuntime, inAll: true },
  { runtime: ortWebWebgpuRuntime, inAll: true },
  { runtime: ortWebWebglRuntime, inAll: false },
  { runtime: engineWebgl2Runtime, inAll: true },
  { runtime: engineReferenceRuntime, inAll: false },
];

/** verify-parity compares every runtime with this one unless told otherwise. */
export const DEFAULT_REFERENCE_RUNTIME = 'engine-cpu';
/** What predict runs unless told otherwise. */
export const DEFAULT_PREDICT_RUNTIME = 'engine-cpu';

export function allRuntimes(): readonly Runtime[] {
  return ENTRIES.map((e) => e.runtime);
}

export function findRuntime(name: string, flag = '--runtime'): Runtime {
  const entry = ENTRIES.find((e) => e.runtime.name === name);
  if (!entry) throw new ToolError(`${flag} ${name}: unknown runtime (known: ${ENTRIES.map((e) => e.runtime.name).join(', ')})`);
  return entry.runtime;
}

/** `all`, or a comma-separated list that may include `all` (`all,engine-reference`); order kept, duplicates dropped. */
export function selectRuntimes(list: string, flag = '--runtimes'): Runtime[] {
  const names = list.split(',').map((n) => n.trim()).filter((n) => n !== '');
  if (names.length === 0) throw new ToolError(`${flag}: name at least one runtime (or "all")`);
  const chosen = new Map<string, Runtime>();
  for (const name of names) {
    const runtimes = name === 'all' ? ENTRIES.filter((e) => e.inAll).map((e) => e.runtime) : [findRuntime(name, flag)];
    for (const runtime of runtimes) chosen.set(runtime.name, runtime);
  }
  return [...chosen.values()];
}

/** Lines for --help: name, description, and whether `all` includes it. */
export function describeRuntimes(): string {
  const width = Math.max(...ENTRIES.map((e) => e.runtime.name.length));
  return ENTRIES.map((e) => `  ${e.runtime.name.padEnd(width)}  ${e.runtime.description}${e.inAll ? '' : ' [not in "all"]'}`).join('\n');
}
