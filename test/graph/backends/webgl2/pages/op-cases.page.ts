/**
 * Page side of the webgl2 op test: each case of op-cases.ts as a one-node graph,
 * run on the webgl2 device and on the float64 reference device with the same
 * seeded inputs, compared here.
 */
import { exposeToNode } from '../../../../../src/browser/expose-to-node.js';
import { createWebgl2Device } from '../../../../../src/graph/backends/webgl2/executor/index.js';
import { referenceDevice } from '../../../../../src/graph/executor/devices/reference.js';
import type { ExecutionDevice } from '../../../../../src/graph/executor/device.js';
import { GraphExecutor } from '../../../../../src/graph/executor/executor.js';
import type { ExecGraph } from '../../../../../src/graph/executor/graph-ir.js';
import { toFloat64, type HostTensor } from '../../../../../src/graph/host-tensor.js';
import { OP_CASES, type OpCase } from '../op-cases.js';

export interface OpOutcome {
  name: string;
  /** Worst |webgl2 − reference| / (|reference| + 1% of the output's largest |reference|); Infinity on a shape mismatch. */
  maxRel: number;
  elements: number;
  error?: string;
  fallbacks: Record<string, number>;
  liveTextures: number;
}

const webgl2 = createWebgl2Device({ canvas: document.createElement('canvas') });

/** A small LCG: the same inputs on both devices and on every run. */
function randomData(count: number, seed: number, scale: number, shift: number): Float32Array {
  let x = seed >>> 0;
  return Float32Array.from({ length: count }, () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return ((x / 2 ** 32) * 4 - 2) * scale + shift;
  });
}

function graphOf(c: OpCase): { graph: ExecGraph; feeds: Map<string, HostTensor> } {
  const feeds = new Map<string, HostTensor>();
  const initializers = new Map<string, HostTensor>();
  const names = c.inputs.map((input, k) => {
    if (input === null) return '';
    const name = `in${k}`;
    if ('int64' in input) initializers.set(name, { type: 'int64', dims: [input.int64.length], data: BigInt64Array.from(input.int64, BigInt) });
    else feeds.set(name, { type: 'float32', dims: input.dims, data: randomData(input.dims.reduce((a, b) => a * b, 1), 7 + 13 * k, c.scale ?? 1, c.shift ?? 0) });
    return name;
  });
  const outputs = Array.from({ length: c.outputs ?? 1 }, (_, k) => `out${k}`);
  const graph: ExecGraph = {
    inputs: [...feeds].map(([name, t]) => ({ name, type: t.type, dims: t.dims })),
    outputs: outputs.map((name) => ({ name, type: null, dims: null })),
    initializers,
    nodes: [{ name: c.name, opType: c.op, domain: '', inputs: names, outputs, attributes: new Map(Object.entries(c.attrs ?? {})) }],
    opset: c.opset ?? 13,
  };
  return { graph, feeds };
}

async function run<V>(device: ExecutionDevice<V>, c: OpCase): Promise<Map<string, HostTensor>> {
  const { graph, feeds } = graphOf(c);
  const executor = new GraphExecutor(graph, device);
  try {
    return await executor.run(feeds);
  } finally {
    executor.dispose();
  }
}

async function runOpCase(name: string): Promise<OpOutcome> {
  const c = OP_CASES.find((k) => k.name === name);
  if (!c) throw new Error(`no op case named ${name}`);
  const before = new Map(webgl2.fallbacks());
  const outcome: OpOutcome = { name, maxRel: 0, elements: 0, fallbacks: {}, liveTextures: 0 };
  try {
    const [got, want] = [await run(webgl2, c), await run(referenceDevice(), c)];
    for (const [key, w] of want) {
      const g = got.get(key)!;
      if (g.dims.join() !== w.dims.join()) {
        outcome.maxRel = Infinity;
        outcome.error = `${key}: dims [${g.dims}], reference [${w.dims}]`;
        continue;
      }
      const [a, b] = [toFloat64(g), toFloat64(w)];
      outcome.elements += b.length;
      // Relative to each value, floored at 1% of the output's largest: float32 sums that cancel
      // to near zero keep the absolute error of their terms, not a relative one.
      const floor = 0.01 * b.reduce((m, v) => (Number.isFinite(v) ? Math.max(m, Math.abs(v)) : m), 0) + 1e-6;
      for (let k = 0; k < b.length; k++) {
        if (Number.isNaN(a[k]!) && Number.isNaN(b[k]!)) continue;
        const rel = Math.abs(a[k]! - b[k]!) / (Math.abs(b[k]!) + floor);
        outcome.maxRel = Math.max(outcome.maxRel, Number.isNaN(rel) ? Infinity : rel);
      }
    }
  } catch (error) {
    outcome.maxRel = Infinity;
    outcome.error = error instanceof Error ? error.message : String(error);
  }
  for (const [op, n] of webgl2.fallbacks()) if (n !== (before.get(op) ?? 0)) outcome.fallbacks[op] = n - (before.get(op) ?? 0);
  outcome.liveTextures = webgl2.liveTextures();
  return outcome;
}

exposeToNode({ runOpCase });
