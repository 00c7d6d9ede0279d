/**
 * RNN, GRU and LSTM (forward, reverse, bidirectional; sequence_lens; layout 0 and 1;
 * clip; named activations with activation_alpha/beta) as onnx/reference/ops computes
 * them. Gate orders are ONNX's: LSTM i,o,f,c (peepholes i,o,f), GRU z,r,h.
 */
import type { HostTensor } from '../../host-tensor.js';
import type { Kernel, KernelContext } from '../kernel.js';
import { floatData, readInts, tensorOf, type FloatData } from './tensor-values.js';

type Activation = (v: number) => number;

/** The ONNX RNN activation named `name`, taking its alpha/beta from the queues when it has any. */
function activation(name: string, alphas: number[], betas: number[], ctx: KernelContext): Activation {
  const take = (queue: number[], fallback: number) => (queue.length ? queue.shift()! : fallback);
  switch (name.toLowerCase()) {
    case 'relu': return (v) => Math.max(0, v);
    case 'tanh': return Math.tanh;
    case 'sigmoid': return (v) => 1 / (1 + Math.exp(-v));
    case 'softsign': return (v) => v / (1 + Math.abs(v));
    case 'softplus': return (v) => Math.log1p(Math.exp(v));
    case 'affine': { const a = take(alphas, 1), b = take(betas, 0); return (v) => a * v + b; }
    case 'leakyrelu': { const a = take(alphas, 0.01); return (v) => (v >= 0 ? v : a * v); }
    case 'thresholdedrelu': { const a = take(alphas, 1); return (v) => (v > a ? v : 0); }
    case 'scaledtanh': { const a = take(alphas, 1), b = take(betas, 1); return (v) => a * Math.tanh(b * v); }
    case 'hardsigmoid': { const a = take(alphas, 0.2), b = take(betas, 0.5); return (v) => Math.max(0, Math.min(1, a * v + b)); }
    case 'elu': { const a = take(alphas, 1); return (v) => (v >= 0 ? v : a * Math.expm1(v)); }
    default: return ctx.fail(`activation "${name}" is not an ONNX RNN activation`);
  }
}

interface Recurrence {
  /** Gates per cell: 1 (RNN), 3 (GRU), 4 (LSTM). */
  gates: number;
  /** Activations per direction: RNN 1, GRU 2, LSTM 3. */
  activations: string[];
}

interface Setup {
  x: FloatData;
  seq: number;
  batch: number;
  inputSize: number;
  hidden: number;
  directions: number;
  reverse: (d: number) => boolean;
  lengths: number[];
  layout: number;
  clip: number;
  fns: Activation[][];
  w: FloatData;
  r: FloatData;
  b: FloatData | null;
}

function setup([x, w, r, b, lens]: readonly (HostTensor | undefined)[], spec: Recurrence, ctx: KernelContext): Setup {
  if (!x || !w || !r) return ctx.fail('needs X, W and R');
  const layout = ctx.attrs.int('layout', 0);
  const [d0, d1, inputSize] = x.dims as [number, number, number];
  const [seq, batch] = layout === 0 ? [d0, d1] : [d1, d0];
  const direction = ctx.attrs.string('direction', 'forward');
  const directions = direction === 'bidirectional' ? 2 : 1;
  if (!['forward', 'reverse', 'bidirectional'].includes(direction)) ctx.fail(`direction "${direction}" is not forward, reverse or bidirectional`);
  if (w.dims[0] !== directions) ctx.fail(`W has ${w.dims[0]} directions, direction "${direction}" needs ${directions}`);
  const hidden = ctx.attrs.int('hidden_size') ?? r.dims[2]!;
  const names = ctx.attrs.strings('activations') ?? [];
  const alphas = [...ctx.attrs.floats('activation_alpha', [])];
  const betas = [...ctx.attrs.floats('activation_beta', [])];
  const fns = Array.from({ length: directions }, (_, d) =>
    spec.activations.map((fallback, k) => activation(names[d * spec.activations.length + k] ?? fallback, alphas, betas, ctx)),
  );
  const lengths = lens ? readInts(lens) : new Array<number>(batch).fill(seq);
  return {
    x: floatData(x, ctx, 'X'), seq, batch, inputSize, hidden, directions, layout,
    reverse: (d) => direction === 'reverse' || d === 1,
    lengths, clip: ctx.attrs.float('clip', Infinity), fns,
    w: floatData(w, ctx, 'W'), r: floatData(r, ctx, 'R'), b: b ? floatData(b, ctx, 'B') : null,
  };
}

/** gates[g·hidden + j] = Σ x·W + Σ h·R + Wb + Rb for one batch row (before clip and activation). */
function gatePreactivations(s: Setup, gates: number, d: number, t: number, n: number, h: Float64Array, out: Float64Array, recurrentGates: readonly number[] | null): void {
  const { x, w, r, b, hidden, inputSize, batch, seq } = s;
  const xAt = s.layout === 0 ? (t * batch + n) * inputSize : (n * seq + t) * inputSize;
  const rows = gates * hidden;
  for (let g = 0; g < rows; g++) {
    const wRow = (d * rows + g) * inputSize;
    let acc = b ? b[d * 2 * rows + g]! + b[d * 2 * rows + rows + g]! : 0;
    for (let k = 0; k < inputSize; k++) acc += x[xAt + k]! * w[wRow + k]!;
    if (!recurrentGates || recurrentGates.includes(Math.floor(g / hidden))) {
      const rRow = (d * rows + g) * hidden;
      for (let k = 0; k < hidden; k++) acc += h[n * hidden + k]! * r[rRow + k]!;
    }
    out[g] = acc;
  }
}

const clipTo = (v: number, c: number) => (v > c ? c : v < -c ? -c : v);

/** Output tensors Y [seq, dirs, batch, hidden] (or layout 1's [batch, seq, dirs, hidden]) and Y_h / Y_c. */
function outputs(s: Setup, type: HostTensor['type'], states: number) {
  const { seq, directions, batch, hidden, layout } = s;
  const y = tensorOf(type, layout === 0 ? [seq, directions, batch, hidden] : [batch, seq, directions, hidden]);
  const last = Array.from({ length: states }, () => tensorOf(type, layout === 0 ? [directions, batch, hidden] : [batch, directions, hidden]));
  const yAt = (t: number, d: number, n: number) => (layout === 0 ? ((t * directions + d) * batch + n) * hidden : ((n * seq + t) * directions + d) * hidden);
  const lastAt = (d: number, n: number) => (layout === 0 ? (d * batch + n) * hidden : (n * directions + d) * hidden);
  return { y, last, yAt, lastAt };
}

function initialState(t: HostTensor | undefined, s: Setup, d: number, ctx: KernelContext): Float64Array {
  const out = new Float64Array(s.batch * s.hidden);
  if (!t) return out;
  const data = floatData(t, ctx, 'initial state');
  for (let n = 0; n < s.batch; n++) {
    for (let j = 0; j < s.hidden; j++) out[n * s.hidden + j] = data[s.layout === 0 ? (d * s.batch + n) * s.hidden + j : (n * s.directions + d) * s.hidden + j]!;
  }
  return out;
}

export const rnn: Kernel = (inputs, ctx) => {
  const s = setup(inputs, { gates: 1, activations: ['Tanh'] }, ctx);
  const { y, last, yAt, lastAt } = outputs(s, inputs[0]!.type, 1);
  const pre = new Float64Array(s.hidden);
  for (let d = 0; d < s.directions; d++) {
    const h = initialState(inputs[5], s, d, ctx);
    const [f] = s.fns[d]!;
    for (let n = 0; n < s.batch; n++) {
      const len = s.lengths[n]!;
      for (let step = 0; step < len; step++) {
        const t = s.reverse(d) ? len - 1 - step : step;
        gatePreactivations(s, 1, d, t, n, h, pre, null);
        for (let j = 0; j < s.hidden; j++) h[n * s.hidden + j] = f!(clipTo(pre[j]!, s.clip));
        for (let j = 0; j < s.hidden; j++) y.data[yAt(t, d, n) + j] = h[n * s.hidden + j]!;
      }
      for (let j = 0; j < s.hidden; j++) last[0]!.data[lastAt(d, n) + j] = h[n * s.hidden + j]!;
    }
  }
  return [y, last[0]!];
};

export const gru: Kernel = (inputs, ctx) => {
  const s = setup(inputs, { gates: 3, activations: ['Sigmoid', 'Tanh'] }, ctx);
  const linearBeforeReset = ctx.attrs.int('linear_before_reset', 0) !== 0;
  const { y, last, yAt, lastAt } = outputs(s, inputs[0]!.type, 1);
  const H = s.hidden;
  const pre = new Float64Array(3 * H);
  const hr = new Float64Array(H);
  const reset = new Float64Array(H);
  for (let d = 0; d < s.directions; d++) {
    const h = initialState(inputs[5], s, d, ctx);
    const [f, g] = s.fns[d] as [Activation, Activation];
    for (let n = 0; n < s.batch; n++) {
      const len = s.lengths[n]!;
      const hn = h.subarray(n * H, (n + 1) * H);
      for (let step = 0; step < len; step++) {
        const t = s.reverse(d) ? len - 1 - step : step;
        // z and r see H·R; the candidate's recurrent term depends on linear_before_reset.
        gatePreactivations(s, 3, d, t, n, h, pre, [0, 1]);
        const z = (j: number) => f(clipTo(pre[j]!, s.clip));
        for (let j = 0; j < H; j++) reset[j] = f(clipTo(pre[H + j]!, s.clip));
        const rb = s.b ? (j: number) => s.b![d * 6 * H + 3 * H + 2 * H + j]! : () => 0;
        for (let j = 0; j < H; j++) {
          let acc = 0;
          const rRow = (d * 3 * H + 2 * H + j) * H;
          if (linearBeforeReset) {
            for (let k = 0; k < H; k++) acc += hn[k]! * s.r[rRow + k]!;
            hr[j] = reset[j]! * (acc + rb(j));
          } else {
            for (let k = 0; k < H; k++) acc += reset[k]! * hn[k]! * s.r[rRow + k]!;
            hr[j] = acc + rb(j);
          }
        }
        const next = new Float64Array(H);
        for (let j = 0; j < H; j++) {
          const wPart = pre[2 * H + j]! - rb(j); // gatePreactivations added Rbh; hr carries it where the spec puts it
          const candidate = g(clipTo(wPart + hr[j]!, s.clip));
          const zj = z(j);
          next[j] = (1 - zj) * candidate + zj * hn[j]!;
        }
        hn.set(next);
        for (let j = 0; j < H; j++) y.data[yAt(t, d, n) + j] = hn[j]!;
      }
      for (let j = 0; j < H; j++) last[0]!.data[lastAt(d, n) + j] = hn[j]!;
    }
  }
  return [y, last[0]!];
};

export const lstm: Kernel = (inputs, ctx) => {
  const s = setup(inputs, { gates: 4, activations: ['Sigmoid', 'Tanh', 'Tanh'] }, ctx);
  const coupled = ctx.attrs.int('input_forget', 0) !== 0;
  const peep = inputs[7] ? floatData(inputs[7], ctx, 'P') : null;
  const { y, last, yAt, lastAt } = outputs(s, inputs[0]!.type, 2);
  const H = s.hidden;
  const pre = new Float64Array(4 * H);
  for (let d = 0; d < s.directions; d++) {
    const h = initialState(inputs[5], s, d, ctx);
    const c = initialState(inputs[6], s, d, ctx);
    const [f, g, hAct] = s.fns[d] as [Activation, Activation, Activation];
    const p = (k: number, j: number) => (peep ? peep[d * 3 * H + k * H + j]! : 0);
    for (let n = 0; n < s.batch; n++) {
      const len = s.lengths[n]!;
      const hn = h.subarray(n * H, (n + 1) * H);
      const cn = c.subarray(n * H, (n + 1) * H);
      for (let step = 0; step < len; step++) {
        const t = s.reverse(d) ? len - 1 - step : step;
        gatePreactivations(s, 4, d, t, n, h, pre, null);
        for (let j = 0; j < H; j++) {
          const i = f(clipTo(pre[j]! + p(0, j) * cn[j]!, s.clip));
          const forget = coupled ? 1 - i : f(clipTo(pre[2 * H + j]! + p(2, j) * cn[j]!, s.clip));
          const cand = g(clipTo(pre[3 * H + j]!, s.clip));
          cn[j] = forget * cn[j]! + i * cand;
          const o = f(clipTo(pre[H + j]! + p(1, j) * cn[j]!, s.clip));
          pre[3 * H + j] = o * hAct(cn[j]!);
        }
        for (let j = 0; j < H; j++) hn[j] = pre[3 * H + j]!;
        for (let j = 0; j < H; j++) y.data[yAt(t, d, n) + j] = hn[j]!;
      }
      for (let j = 0; j < H; j++) {
        last[0]!.data[lastAt(d, n) + j] = hn[j]!;
        last[1]!.data[lastAt(d, n) + j] = cn[j]!;
      }
    }
  }
  return [y, last[0]!, last[1]!];
};
