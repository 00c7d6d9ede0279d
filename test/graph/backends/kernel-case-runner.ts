/**
 * Runs one shared kernel case (kernel-cases.ts) on a backend and reads back every
 * output. Inputs come from the case's seed, so two backends see identical data.
 * Everything the case allocates is disposed again, which the caller can check
 * with `liveCount()`.
 */
import type { Backend, HostArray, Storage } from '../../../src/graph/backend.js';
import { Random } from '../../../src/graph/random.js';
import type { KernelCase } from './kernel-cases.js';

export type CaseOutputs = Record<string, HostArray>;

export async function runKernelCase(be: Backend, c: KernelCase): Promise<CaseOutputs> {
  const rng = new Random(c.seed);
  const owned: Storage[] = [];
  const keep = (s: Storage): Storage => (owned.push(s), s);
  const random = (size: number, range = 1): Storage => {
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++) data[i] = rng.uniform(-range, range);
    return keep(be.upload(data));
  };
  const labels = (batch: number, classes: number): Storage =>
    keep(be.upload(Float32Array.from({ length: batch }, () => rng.int(classes))));
  const read = async (named: Record<string, Storage>): Promise<CaseOutputs> => {
    const out: CaseOutputs = {};
    for (const [name, s] of Object.entries(named)) out[name] = await be.read(keep(s));
    return out;
  };
  try {
    switch (c.kernel) {
      case 'conv2d': {
        const g = c.geometry;
        const x = random(g.batch * g.inChannels * g.inHeight * g.inWidth);
        const w = random(g.outChannels * g.inChannels * g.kernelHeight * g.kernelWidth);
        return await read({ y: be.conv2d(x, w, c.bias ? random(g.outChannels) : null, g) });
      }
      case 'conv2dBackwardInput': {
        const g = c.geometry;
        const dy = random(g.batch * g.outChannels * g.outHeight * g.outWidth);
        return await read({ dx: be.conv2dBackwardInput(dy, random(g.outChannels * g.inChannels * g.kernelHeight * g.kernelWidth), g) });
      }
      case 'conv2dBackwardWeight': {
        const g = c.geometry;
        const dy = random(g.batch * g.outChannels * g.outHeight * g.outWidth);
        return await read({ dw: be.conv2dBackwardWeight(dy, random(g.batch * g.inChannels * g.inHeight * g.inWidth), g) });
      }
      case 'conv2dBackwardBias': {
        const g = c.geometry;
        return await read({ db: be.conv2dBackwardBias(random(g.batch * g.outChannels * g.outHeight * g.outWidth), g) });
      }
      case 'maxPool2d':
      case 'maxPool2dBackward': {
        const g = c.geometry;
        const { y, argmax } = be.maxPool2d(random(g.batch * g.channels * g.inHeight * g.inWidth), g);
        keep(y);
        keep(argmax);
        if (c.kernel === 'maxPool2d') return await read({ y, argmax });
        return await read({ dx: be.maxPool2dBackward(random(y.size), argmax, g) });
      }
      case 'unary':
        return await read({ y: be.unary(c.op, random(c.size, c.range)) });
      case 'unaryBackward': {
        // y must be a possible forward output: sigmoid in (0,1), relu >= 0 with exact zeros.
        const y = be.unary(c.op, random(c.size, 4));
        keep(y);
        return await read({ dx: be.unaryBackward(c.op, y, random(c.size, c.range)) });
      }
      case 'gemm': {
        const g = c.geometry;
        const bias = c.bias ? random(g.n) : null;
        return await read({ c: be.gemm(random(g.m * g.k), random(g.k * g.n), bias, g) });
      }
      case 'sumRows':
        return await read({ sums: be.sumRows(random(c.rows * c.cols, c.range), c.rows, c.cols) });
      case 'softmax':
        return await read({ probs: be.softmax(random(c.rows * c.cols, c.range), c.rows, c.cols) });
      case 'softmaxCrossEntropy': {
        const { loss, probs } = be.softmaxCrossEntropy(random(c.batch * c.classes, c.range), labels(c.batch, c.classes), c.batch, c.classes);
        return await read({ loss, probs });
      }
      case 'softmaxCrossEntropyBackward': {
        const y = labels(c.batch, c.classes);
        const { loss, probs } = be.softmaxCrossEntropy(random(c.batch * c.classes, c.range), y, c.batch, c.classes);
        keep(loss);
        keep(probs);
        const dloss = keep(be.upload([0.7]));
        return await read({ dlogits: be.softmaxCrossEntropyBackward(probs, y, dloss, c.batch, c.classes) });
      }
      case 'add':
        return await read({ sum: be.add(random(c.size), random(c.size)) });
      case 'addInPlace': {
        const a = random(c.size);
        be.addInPlace(a, random(c.size));
        return await read({ a });
      }
      case 'copy':
        return await read({ copy: be.copy(random(c.size)) });
      case 'scale':
        return await read({ scaled: be.scale(random(c.size), c.value) });
      case 'fill': {
        const a = random(c.size);
        be.fill(a, c.value);
        return await read({ a });
      }
      case 'sgdStep': {
        const param = random(c.size);
        const velocity = keep(be.zeros(c.size));
        for (let s = 0; s < c.steps; s++) be.sgdStep(param, random(c.size), velocity, c.options);
        return await read({ param, velocity });
      }
      case 'adamStep': {
        const param = random(c.size);
        const m = keep(be.zeros(c.size));
        const v = keep(be.zeros(c.size));
        for (let s = 1; s <= c.steps; s++) be.adamStep(param, random(c.size, 0.1), m, v, { ...c.options, step: s });
        return await read({ param, m, v });
      }
      default:
        throw new Error(`no runner for kernel ${(c satisfies never as KernelCase).kernel}`);
    }
  } finally {
    for (const s of new Set(owned)) be.dispose(s);
  }
}
