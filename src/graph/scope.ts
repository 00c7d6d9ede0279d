/**
 * Memory scopes: `tidy(fn)` frees every tensor created inside `fn` except what it
 * returns. CPU memory would be garbage-collected anyway, but GPU textures and the
 * fast backend's pooled buffers are not, so a training step runs inside one.
 */
/** What a scope tracks: a tensor, seen only as far as freeing it goes (tensor.ts imports this file). */
export interface Tracked {
  readonly base: Tracked | null;
  dispose(): void;
}

class Scope {
  readonly tensors: Tracked[] = [];
  track(t: Tracked): void {
    this.tensors.push(t);
  }
}

const stack: Scope[] = [];

export function currentScope(): Scope | undefined {
  return stack[stack.length - 1];
}

/** Run `fn`; dispose the tensors it created, except those reachable from its result. */
export function tidy<T>(fn: () => T): T {
  const scope = new Scope();
  stack.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (err) {
    stack.pop();
    for (const t of scope.tensors) t.dispose();
    throw err;
  }
  stack.pop();
  const kept = new Set<Tracked>();
  collectTensors(result, kept);
  const outer = currentScope();
  for (const t of scope.tensors) {
    if (kept.has(t)) outer?.track(t);
    else t.dispose();
  }
  return result;
}

/** Move a tensor out of every scope: it lives until disposed by hand. */
export function keep<T extends Tracked>(t: T): T {
  for (const s of stack) {
    const i = s.tensors.indexOf(t);
    if (i >= 0) s.tensors.splice(i, 1);
  }
  if (t.base) keep(t.base);
  return t;
}

function collectTensors(value: unknown, out: Set<Tracked>): void {
  if (value === null || typeof value !== 'object') return;
  if (isTensor(value)) {
    for (let t: Tracked | null = value; t; t = t.base) out.add(t);
    return;
  }
  if (Array.isArray(value)) for (const v of value) collectTensors(v, out);
  else if (Object.getPrototypeOf(value) === Object.prototype)
    for (const v of Object.values(value)) collectTensors(v, out);
}

function isTensor(v: object): v is Tracked {
  return 'storage' in v && 'shape' in v && 'backend' in v;
}

/** Run `fn` with no scope active: tensors it creates are owned by the caller. */
export function withoutScope<T>(fn: () => T): T {
  const saved = stack.splice(0);
  try {
    return fn();
  } finally {
    stack.push(...saved);
  }
}
