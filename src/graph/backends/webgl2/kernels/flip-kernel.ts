/**
 * The input gradient of a stride-1 convolution is itself a convolution: of dy,
 * padded by kernel-1 minus the original padding, with the kernel rotated 180° and
 * its in/out channels swapped. This pass builds that kernel,
 * wflip[c,o,ky,kx] = w[o,c,KH-1-ky,KW-1-kx] (a few thousand floats at most).
 */
import type { Conv2dGeometry, Storage } from '../../../backend.js';
import { runOne, type KernelContext } from '../kernel-context.js';
import type { GpuProgram } from '../program.js';

export function flipKernelProgram(g: Conv2dGeometry): GpuProgram {
  const { inChannels: C, outChannels: O, kernelHeight: KH, kernelWidth: KW } = g;
  return {
    key: `flipKernel|${O},${C},${KH},${KW}`,
    inputs: ['w'],
    outputSize: O * C * KH * KW,
    main: `
  int kx = index % ${KW};
  int rest = index / ${KW};
  int ky = rest % ${KH};
  rest /= ${KH};
  int o = rest % ${O};
  int c = rest / ${O};
  result = w_at(((o * ${C} + c) * ${KH} + ${KH - 1} - ky) * ${KW} + ${KW - 1} - kx);`,
  };
}

export function flipKernel(ctx: KernelContext, w: Storage, g: Conv2dGeometry): Storage {
  return runOne(ctx, flipKernelProgram(g), [w]);
}

/** Whether dx can be computed as a forward convolution (stride 1, padding < kernel). */
export function hasTransposedForm(g: Conv2dGeometry): boolean {
  return (
    g.strideHeight === 1 && g.strideWidth === 1 &&
    g.padTop < g.kernelHeight && g.padBottom < g.kernelHeight &&
    g.padLeft < g.kernelWidth && g.padRight < g.kernelWidth
  );
}

/** The forward convolution of dy [N,O,OH,OW] with the flipped kernel that yields dx [N,C,H,W]. */
export function transposedGeometry(g: Conv2dGeometry): Conv2dGeometry {
  return {
    batch: g.batch, inChannels: g.outChannels, inHeight: g.outHeight, inWidth: g.outWidth,
    outChannels: g.inChannels, kernelHeight: g.kernelHeight, kernelWidth: g.kernelWidth,
    strideHeight: 1, strideWidth: 1,
    padTop: g.kernelHeight - 1 - g.padTop, padLeft: g.kernelWidth - 1 - g.padLeft,
    padBottom: g.kernelHeight - 1 - g.padBottom, padRight: g.kernelWidth - 1 - g.padRight,
    outHeight: g.inHeight, outWidth: g.inWidth,
  };
}
