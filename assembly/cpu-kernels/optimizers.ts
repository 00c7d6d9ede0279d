// Optimizer updates in place, four parameters at a time (single-threaded: LeNet has
// 62k parameters, a few microseconds).

/**
 * torch.optim.SGD: g' = g + wd·p; v = momentum·v + (1 - dampening)·g';
 * p -= lr · (nesterov ? g' + momentum·v : momentum > 0 ? v : g'). The caller passes
 * 1 - dampening computed in double precision.
 */
export function sgdStep(p: usize, g: usize, v: usize, len: i32, lr: f32, momentum: f32, weightDecay: f32,
  oneMinusDampening: f32, nesterov: i32): void {
  const vlr = f32x4.splat(lr), vmom = f32x4.splat(momentum), vwd = f32x4.splat(weightDecay);
  const vdamp = f32x4.splat(oneMinusDampening);
  const useVelocity = momentum > 0;
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    const o = <usize>i << 2;
    const pv = v128.load(p + o);
    const gv = f32x4.add(v128.load(g + o), f32x4.mul(vwd, pv));
    const vv = f32x4.add(f32x4.mul(vmom, v128.load(v + o)), f32x4.mul(vdamp, gv));
    v128.store(v + o, vv);
    const step = nesterov ? f32x4.add(gv, f32x4.mul(vmom, vv)) : useVelocity ? vv : gv;
    v128.store(p + o, f32x4.sub(pv, f32x4.mul(vlr, step)));
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    const pv = load<f32>(p + o);
    const gv = load<f32>(g + o) + weightDecay * pv;
    const vv = momentum * load<f32>(v + o) + oneMinusDampening * gv;
    store<f32>(v + o, vv);
    const step = nesterov ? gv + momentum * vv : useVelocity ? vv : gv;
    store<f32>(p + o, pv - lr * step);
  }
}

/**
 * Adam / AdamW: m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²;
 * p -= lr · (m / c1) / (sqrt(v / c2) + eps), c = 1 - β^step; weight decay added to g
 * (L2) or applied to p first (decoupled: p *= 1 - lr·wd). The complements (1-β, 1-lr·wd)
 * come from the caller in double precision: 1 - f32(0.999) is off by 1e-5.
 */
export function adamStep(p: usize, g: usize, m: usize, v: usize, len: i32, lr: f32, beta1: f32, oneMinusBeta1: f32,
  beta2: f32, oneMinusBeta2: f32, eps: f32, weightDecay: f32, decoupled: i32, decay: f32, c1: f32, c2: f32): void {
  const vb1 = f32x4.splat(beta1), vb1c = f32x4.splat(oneMinusBeta1), vb2 = f32x4.splat(beta2), vb2c = f32x4.splat(oneMinusBeta2);
  const vlr = f32x4.splat(lr), veps = f32x4.splat(eps), vc1 = f32x4.splat(c1), vc2 = f32x4.splat(c2);
  const vwd = f32x4.splat(weightDecay), vdecay = f32x4.splat(decay);
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    const o = <usize>i << 2;
    let pv = v128.load(p + o);
    let gv = v128.load(g + o);
    if (decoupled) pv = f32x4.mul(pv, vdecay);
    else gv = f32x4.add(gv, f32x4.mul(vwd, pv));
    const mv = f32x4.add(f32x4.mul(vb1, v128.load(m + o)), f32x4.mul(vb1c, gv));
    const vv = f32x4.add(f32x4.mul(vb2, v128.load(v + o)), f32x4.mul(f32x4.mul(vb2c, gv), gv));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
    const den = f32x4.add(f32x4.sqrt(f32x4.div(vv, vc2)), veps);
    v128.store(p + o, f32x4.sub(pv, f32x4.div(f32x4.mul(vlr, f32x4.div(mv, vc1)), den)));
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    let pv = load<f32>(p + o);
    let gv = load<f32>(g + o);
    if (decoupled) pv = pv * decay;
    else gv = gv + weightDecay * pv;
    const mv = beta1 * load<f32>(m + o) + oneMinusBeta1 * gv;
    const vv = beta2 * load<f32>(v + o) + oneMinusBeta2 * gv * gv;
    store<f32>(m + o, mv);
    store<f32>(v + o, vv);
    store<f32>(p + o, pv - (lr * (mv / c1)) / (Mathf.sqrt(vv / c2) + eps));
  }
}
