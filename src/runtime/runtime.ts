/**
 * The one contract every runtime adapter implements, whether it runs in this Node
 * process (engine-cpu, ort-node, ort-web-node) or inside a browser page driven from
 * Node (ort-web-browser, ort-web-webgpu, engine-webgl2).
 *
 * Design rules that keep the comparison honest:
 *  - `open` never throws because a runtime cannot start *here* (no Chromium, no WebGPU,
 *    an op our engine does not import): it resolves `{ available: false, reason }`, and
 *    verify-parity reports that reason. Only bugs throw.
 *  - `provider` names what really executed (the execution provider / backend after any
 *    fallback), never what was merely requested.
 *  - Feeds are the very tensors verify-parity compares (any element type, in
 *    onnxruntime's layout): a page receives the same bytes, it never decodes images or
 *    makes inputs a second time.
 */
import type { HostTensor } from '../graph/host-tensor.js';
import type { ModelUnderTest } from './model-under-test.js';

export type RuntimeEnvironment = 'node' | 'browser';

export interface Runtime {
  /** The name users type after `--runtimes` / `--runtime`, e.g. `ort-node`. */
  readonly name: string;
  /** One line for --help and reports. */
  readonly description: string;
  readonly environment: RuntimeEnvironment;
  /** Prepare `model` for inference; may take seconds (wasm compile, browser start). */
  open(model: ModelUnderTest, context: RuntimeContext): Promise<OpenResult>;
}

export type OpenResult = { available: true; session: RuntimeSession } | { available: false; reason: string };

export interface RuntimeSession {
  /**
   * What actually runs the model, e.g. "onnxruntime-node 1.30.0 CPUExecutionProvider,
   * 2 threads". Read after the last `run`: an adapter that only learns the truth while
   * running (a GPU provider that fell back) updates it.
   */
  readonly provider: string;
  /**
   * Most rows (first-dimension entries: images, sequences) one `run` accepts, e.g. what
   * fits in one message to a page, or null for no limit of its own. Callers split larger
   * batches; a model's fixed batch size is the caller's business too (run-batches.ts).
   */
  readonly maxBatch: number | null;
  /**
   * Runs the model on `feeds` (one tensor per graph input) and resolves the `fetches`:
   * graph outputs, or — on a copy of the model that exposes them (bisection) — any
   * intermediate value. A fetch the runtime cannot produce is an error naming it.
   */
  run(feeds: ReadonlyMap<string, HostTensor>, fetches: readonly string[]): Promise<Map<string, HostTensor>>;
  /** Frees the session (worker threads, wasm memory, pages). Safe to call once. */
  close(): Promise<void>;
}

/** Something several sessions can share and that must be closed at the end (a browser). */
export interface SharedResource {
  close(): Promise<void>;
}

export interface RuntimeContext {
  /** CPU threads a runtime may use (intra-op threads, wasm threads, engine workers). */
  readonly threads: number;
  /** Progress and diagnostics (stderr), one line each. */
  log(line: string): void;
  /**
   * The resource registered under `key`, created by `create` on first use. Lets several
   * browser adapters share one Chromium; the owner of the context closes them all.
   */
  shared<T extends SharedResource>(key: string, create: () => Promise<T>): Promise<T>;
  /**
   * Browser runtimes keep one page each for the whole command and open model after model
   * in it (conformance runs), instead of a fresh page per model.
   */
  readonly keepPages?: boolean;
}
