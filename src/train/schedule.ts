/**
 * Learning-rate schedules, evaluated per step so that resuming at any step gives the
 * same rate: constant, step decay, or cosine to zero, each with an optional linear warmup.
 */
export type ScheduleKind = 'constant' | 'step' | 'cosine';

export interface ScheduleConfig {
  kind: ScheduleKind;
  baseLr: number;
  totalSteps: number;
  warmupSteps?: number;
  /** For `step`: multiply by `gamma` every `stepSize` steps. */
  stepSize?: number;
  gamma?: number;
  /** For `cosine`: the floor as a fraction of baseLr. */
  minFactor?: number;
}

export function learningRateAt(c: ScheduleConfig, step: number): number {
  const warmup = c.warmupSteps ?? 0;
  if (step < warmup) return (c.baseLr * (step + 1)) / warmup;
  const t = step - warmup;
  const span = Math.max(1, c.totalSteps - warmup);
  switch (c.kind) {
    case 'constant':
      return c.baseLr;
    case 'step':
      return c.baseLr * Math.pow(c.gamma ?? 0.1, Math.floor(t / Math.max(1, c.stepSize ?? span)));
    case 'cosine': {
      const floor = c.minFactor ?? 0;
      const progress = Math.min(1, t / span);
      return c.baseLr * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
  }
}
