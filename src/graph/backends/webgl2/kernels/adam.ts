/**
 * Adam / AdamW, as torch.optim.Adam(W):
 *   decoupled: p *= 1 - lr·wd   else: g += wd·p
 *   m = β1·m + (1-β1)·g;  v = β2·v + (1-β2)·g²
 *   p -= lr·(m / c1) / (sqrt(v / c2) + eps),  c1 = 1-β1^t, c2 = 1-β2^t
 * The bias corrections and 1-β are computed on the CPU in double precision and
 * passed as uniforms (1 - 0.999 evaluated in float32 is off by 1.3e-5 relative);
 * three render targets receive p, m and v in a single draw.
 */
import type { AdamOptions, Storage } from '../../../backend.js';
import type { KernelContext } from '../kernel-context.js';
import type { GpuProgram } from '../program.js';

export function adamProgram(size: number, decoupled: boolean): GpuProgram {
  const decay = decoupled ? 'p *= 1.0 - lr * weightDecay;' : 'g += weightDecay * p;';
  return {
    key: `adam|${size}|decoupled=${decoupled}`,
    inputs: ['param', 'grad', 'm', 'v'],
    outputSize: size,
    outputs: ['newParam', 'newM', 'newV'],
    uniforms: ['lr', 'beta1', 'beta2', 'oneMinusBeta1', 'oneMinusBeta2', 'eps', 'weightDecay', 'correction1', 'correction2'],
    main4: `
  int t = index >> 2;
  vec4 p = param_texel(t);
  vec4 g = grad_texel(t);
  ${decay}
  vec4 mi = beta1 * m_texel(t) + oneMinusBeta1 * g;
  vec4 vi = beta2 * v_texel(t) + oneMinusBeta2 * g * g;
  newM = mi;
  newV = vi;
  newParam = p - lr * (mi / correction1) / (sqrt(vi / correction2) + eps);`,
  };
}

export function adamStep(
  ctx: KernelContext,
  param: Storage,
  grad: Storage,
  m: Storage,
  v: Storage,
  o: AdamOptions,
): void {
  const uniforms = {
    lr: o.lr,
    beta1: o.beta1,
    beta2: o.beta2,
    oneMinusBeta1: 1 - o.beta1,
    oneMinusBeta2: 1 - o.beta2,
    eps: o.eps,
    weightDecay: o.weightDecay,
    correction1: 1 - Math.pow(o.beta1, o.step),
    correction2: 1 - Math.pow(o.beta2, o.step),
  };
  ctx.runInPlace(adamProgram(param.size, o.decoupled), [param, grad, m, v], [param, m, v], uniforms);
}
