/** The plain-TypeScript kernels (single-threaded): fallback and readable reference. */
import { adamUpdate, sgdUpdate } from '../host-ops.js';
import type { CpuKernels } from '../kernels.js';
import { conv2dBackwardBiasJs, conv2dBackwardInputJs, conv2dBackwardWeightJs, conv2dJs } from './conv2d.js';
import { unaryBackwardJs, unaryJs, sumRowsJs } from './elementwise.js';
import { gemmJs } from './gemm.js';
import { maxPool2dBackwardJs, maxPool2dJs } from './maxpool.js';

export function createJsKernels(): CpuKernels {
  return {
    kind: 'js',
    arithmetic: 'multiply then add',
    threads: 1,
    conv2d(x, w, b, y, g, activation) {
      conv2dJs(x.data, w.data, b?.data ?? null, y.data, g);
      if (activation) unaryJs(activation, y.data, y.data);
    },
    conv2dBackwardInput: (dy, w, dx, g) => conv2dBackwardInputJs(dy.data, w.data, dx.data, g),
    conv2dBackwardWeight: (dy, x, dw, g) => conv2dBackwardWeightJs(dy.data, x.data, dw.data, g),
    conv2dBackwardBias: (dy, db, g) => conv2dBackwardBiasJs(dy.data, db.data, g),
    maxPool2d: (x, y, argmax, g) => maxPool2dJs(x.data, y.data, argmax.data, g),
    maxPool2dBackward: (dy, argmax, dx, g) => maxPool2dBackwardJs(dy.data, argmax.data, dx.data, g),
    unary: (op, x, y) => unaryJs(op, x.data, y.data),
    unaryBackward: (op, y, dy, dx) => unaryBackwardJs(op, y.data, dy.data, dx.data),
    gemm(a, b, bias, c, g, activation) {
      gemmJs(a.data, b.data, bias?.data ?? null, c.data, g);
      if (activation) unaryJs(activation, c.data, c.data);
    },
    sumRows: (x, out, rows, cols) => sumRowsJs(x.data, out.data, rows, cols),
    sgdStep: (p, g, v, o) => sgdUpdate(p.data, g.data, v.data, o),
    adamStep: (p, g, m, v, o) => adamUpdate(p.data, g.data, m.data, v.data, o),
    destroy() {},
  };
}
