/**
 * Reverse-mode autodiff. Each op records a GradNode on its output: the inputs and a
 * `backward(dy)` returning one gradient per input (null where none is needed), in
 * input order. `backward(loss)` walks the graph in reverse topological order.
 */
import type { Storage } from './backend.js';
import { formatShape } from './format-shape.js';
import { Tensor } from './tensor.js';
import { withoutScope as untracked } from './scope.js';

let gradEnabled = true;

/** Run `fn` without recording gradients (evaluation, optimizer updates). */
export function noGrad<T>(fn: () => T): T {
  const before = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = before;
  }
}

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Attach a GradNode to `out` when any input needs a gradient. */
export function record(
  out: Tensor,
  op: string,
  inputs: readonly Tensor[],
  backward: (dy: Storage) => (Storage | null)[],
): Tensor {
  if (gradEnabled && inputs.some((t) => t.requiresGrad)) {
    out.requiresGrad = true;
    out.node = { op, inputs, backward };
  }
  return out;
}

/**
 * Backpropagate from `loss` (a scalar, or any tensor with an explicit upstream
 * `gradient` of the same shape, as PyTorch's `y.backward(gradient)`). Leaf tensors
 * with requiresGrad receive (or accumulate into) `.grad`; intermediate gradients are
 * freed as soon as they are used.
 */
export function backward(loss: Tensor, gradient?: Tensor): void {
  if (!gradient && loss.size !== 1)
    throw new Error(`backward: loss must be a scalar, got shape ${formatShape(loss.shape)}; pass a gradient`);
  if (gradient && gradient.size !== loss.size)
    throw new Error(`backward: gradient ${formatShape(gradient.shape)} does not match output ${formatShape(loss.shape)}`);
  if (!loss.requiresGrad) throw new Error('backward: loss does not depend on any tensor that requires a gradient');
  const be = loss.backend;
  const order = topologicalOrder(loss);
  const seed = gradient ? be.copy(gradient.storage) : be.upload([1]);
  const grads = new Map<Tensor, Storage>([[loss, seed]]);
  for (let i = order.length - 1; i >= 0; i--) {
    const t = order[i]!;
    const dy = grads.get(t);
    if (!dy) continue;
    grads.delete(t);
    if (!t.node) {
      accumulateLeaf(t, dy);
      continue;
    }
    const dxs = t.node.backward(dy);
    // An op may hand dy on unchanged (reshape); then it now belongs to the input.
    if (!dxs.includes(dy)) be.dispose(dy);
    t.node.inputs.forEach((input, k) => {
      const dx = dxs[k];
      if (!dx) return;
      if (!input.requiresGrad) return be.dispose(dx);
      const prev = grads.get(input);
      if (prev) {
        be.addInPlace(prev, dx);
        be.dispose(dx);
      } else grads.set(input, dx);
    });
  }
}

function accumulateLeaf(t: Tensor, dy: Storage): void {
  if (t.grad) {
    t.backend.addInPlace(t.grad.storage, dy);
    t.backend.dispose(dy);
  } else {
    // Gradients of leaves outlive the step's scope: built untracked via a plain object.
    t.grad = untracked(() => new Tensor(t.backend, t.shape, dy));
  }
}

function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  // Iterative DFS: deep graphs must not overflow the stack.
  const stack: [Tensor, boolean][] = [[root, false]];
  while (stack.length) {
    const [t, done] = stack.pop()!;
    if (done) {
      order.push(t);
      continue;
    }
    if (seen.has(t)) continue;
    seen.add(t);
    stack.push([t, true]);
    for (const input of t.node?.inputs ?? []) if (input.requiresGrad && !seen.has(input)) stack.push([input, false]);
  }
  return order;
}
