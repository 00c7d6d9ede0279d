/**
 * Where onnxruntime-web really put the model's nodes, from its own verbose log: while a
 * session is created with logSeverityLevel 0, ORT prints "All nodes placed on
 * [WebGpuExecutionProvider]. Number of nodes: 11" (or one "Node(s) placed on" line per
 * provider when some nodes fall back to the CPU). ORT writes its log to console.error,
 * so that is watched; its verbose and info lines are kept out of the console (they are
 * not errors), warnings and errors still go through.
 */
const PLACEMENT = /(?:All nodes|Node\(s\)) placed on \[(\w+)\]\. Number of nodes: (\d+)/;
const ORT_CHATTER = /^\d{4}-\d\d-\d\d [\d:.]+ \[[VI]:onnxruntime/;

let capturing: string[] | null = null;

/** Installs the console filter; call before ORT loads (its wasm glue binds console.error then). */
export function watchOrtLog(): void {
  const original = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    const text = args.map(String).join(' ');
    capturing?.push(text);
    if (!ORT_CHATTER.test(text)) original(...args);
  };
}

/** Runs `create` while collecting ORT's log; returns its result and the placement, e.g. "11 nodes on WebGpuExecutionProvider". */
export async function withPlacement<T>(create: () => Promise<T>): Promise<{ result: T; placement: string }> {
  capturing = [];
  try {
    const result = await create();
    const counts = capturing.map((line) => PLACEMENT.exec(line)).filter((m) => m !== null).map((m) => `${m[2]} node${m[2] === '1' ? '' : 's'} on ${m[1]}`);
    return { result, placement: counts.length > 0 ? counts.join(', ') : 'node placement not reported' };
  } finally {
    capturing = null;
  }
}
