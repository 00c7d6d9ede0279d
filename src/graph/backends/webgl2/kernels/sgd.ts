/**
 * SGD with momentum, weight decay, dampening and Nesterov, as torch.optim.SGD:
 *   g = grad + wd·p;  v = μ·v + (1-dampening)·g;  p -= lr·(nesterov ? g + μ·v : μ > 0 ? v : g)
 * One draw writes the new parameter and velocity as two render targets; the
 * backend swaps them in behind the caller's handles. Hyper-parameters are uniforms,
 * so a learning-rate schedule never recompiles.
 */
import type { SgdOptions, Storage } from '../../../backend.js';
import type { KernelContext } from '../kernel-context.js';
import type { GpuProgram } from '../program.js';

export function sgdProgram(size: number, nesterov: boolean, momentum: boolean): GpuProgram {
  const direction = nesterov ? 'g + momentum * v' : momentum ? 'v' : 'g';
  return {
    key: `sgd|${size}|nesterov=${nesterov}|momentum=${momentum}`,
    inputs: ['param', 'grad', 'velocity'],
    outputSize: size,
    outputs: ['newParam', 'newVelocity'],
    uniforms: ['lr', 'momentum', 'weightDecay', 'oneMinusDampening'],
    main4: `
  int t = index >> 2;
  vec4 p = param_texel(t);
  vec4 g = grad_texel(t) + weightDecay * p;
  vec4 v = momentum * velocity_texel(t) + oneMinusDampening * g;
  newVelocity = v;
  newParam = p - lr * (${direction});`,
  };
}

export function sgdStep(
  ctx: KernelContext,
  param: Storage,
  grad: Storage,
  velocity: Storage,
  o: SgdOptions,
): void {
  const program = sgdProgram(param.size, o.nesterov, o.momentum > 0);
  const { lr, momentum, weightDecay } = o;
  const uniforms = { lr, momentum, weightDecay, oneMinusDampening: 1 - o.dampening };
  ctx.runInPlace(program, [param, grad, velocity], [param, velocity], uniforms);
}
