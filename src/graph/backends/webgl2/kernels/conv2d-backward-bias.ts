/**
 * Convolution bias gradient: db[o] = Σ_n Σ_oy,ox dy[n,o,oy,ox]. Only O outputs (6 in
 * LeNet's first layer) but 50k terms each, so it is split over chunks of images.
 */
import type { Conv2dGeometry, Storage } from '../../../backend.js';
import type { KernelContext } from '../kernel-context.js';
import type { GpuProgram } from '../program.js';
import { convKey } from './conv-geometry.js';
import { reduceInTwoPasses, splitBatch, type BatchSplit } from './split-reduction.js';

export function conv2dBiasPartialsProgram(g: Conv2dGeometry, split: BatchSplit): GpuProgram {
  const O = g.outChannels;
  const plane = g.outHeight * g.outWidth;
  return {
    key: `conv2dBiasPartials|${convKey(g)}|${split.parts}x${split.chunk}`,
    inputs: ['dy'],
    outputSize: split.parts * O,
    main: `
  int o = index % ${O};
  int part = index / ${O};
  float acc = 0.0;
  for (int i = 0; i < ${split.chunk}; i++) {
    int n = part * ${split.chunk} + i;
    if (n >= ${g.batch}) break;
    int dyPlane = (n * ${O} + o) * ${plane};
    for (int p = 0; p < ${plane}; p++) acc += dy_at(dyPlane + p);
  }
  result = acc;`,
  };
}

export function conv2dBackwardBias(ctx: KernelContext, dy: Storage, g: Conv2dGeometry): Storage {
  const split = splitBatch(g.batch, g.outChannels);
  return reduceInTwoPasses(ctx, conv2dBiasPartialsProgram(g, split), [dy], split, g.outChannels);
}
