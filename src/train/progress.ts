/**
 * Training progress for people and programs: a redrawn per-batch bar (images/s, ETA,
 * running loss) on a terminal, plain periodic lines in a log, JSON lines with --json.
 */
import type { Writable } from 'node:stream';
import { barCells, drawThrottle } from '../util/progress-bar.js';
import type { EpochMetrics, StepInfo } from './trainer.js';

export type ProgressMode = 'tty' | 'lines' | 'json' | 'quiet';

export function progressMode(o: { json: boolean; quiet: boolean; stream: { isTTY?: boolean } }): ProgressMode {
  if (o.json) return 'json';
  if (o.quiet) return 'quiet';
  return o.stream.isTTY ? 'tty' : 'lines';
}

const formatDuration = (s: number): string =>
  !Number.isFinite(s) ? '?' : s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

export class TrainingProgress {
  private runningLoss = NaN;
  /** A terminal bar redraws up to 10 times a second; a log gets a line every 10 s. */
  private readonly lineDue: (final: boolean) => boolean;

  constructor(
    private readonly mode: ProgressMode,
    private readonly epochs: number,
    /** Human output (stderr); JSON goes to `json` (stdout). */
    private readonly out: Writable,
    private readonly json: Writable,
  ) {
    this.lineDue = drawThrottle(mode === 'tty' ? 100 : 10_000);
  }

  step(s: StepInfo): void {
    this.runningLoss = Number.isNaN(this.runningLoss) ? s.loss : 0.98 * this.runningLoss + 0.02 * s.loss;
    const done = s.step + 1;
    const eta = ((s.stepsPerEpoch - done) * s.batchSize) / s.imagesPerSecond;
    if (this.mode === 'tty') {
      if (!this.lineDue(done === s.stepsPerEpoch)) return;
      this.out.write(
        `\repoch ${s.epoch + 1}/${this.epochs} ${barCells(done / s.stepsPerEpoch, 24)} ${done}/${s.stepsPerEpoch} ` +
          `loss ${this.runningLoss.toFixed(4)} ${Math.round(s.imagesPerSecond)} img/s ETA ${formatDuration(eta)}\x1b[K`,
      );
    } else if (this.mode === 'lines') {
      if (!this.lineDue(false)) return;
      this.out.write(`epoch ${s.epoch + 1}/${this.epochs} step ${done}/${s.stepsPerEpoch} loss ${this.runningLoss.toFixed(4)} ${Math.round(s.imagesPerSecond)} img/s\n`);
    } else if (this.mode === 'json' && done % 50 === 0) {
      this.json.write(`${JSON.stringify({ type: 'step', epoch: s.epoch + 1, step: done, steps: s.stepsPerEpoch, loss: s.loss, lr: s.lr, imagesPerSecond: s.imagesPerSecond })}\n`);
    }
  }

  epoch(m: EpochMetrics): void {
    const line =
      `epoch ${m.epoch}/${this.epochs}: train loss ${m.trainLoss.toFixed(4)} acc ${(100 * m.trainAccuracy).toFixed(2)}% | ` +
      `test loss ${m.test.loss.toFixed(4)} acc ${(100 * m.test.accuracy).toFixed(2)}% | ${Math.round(m.imagesPerSecond)} img/s, ${m.seconds.toFixed(1)} s`;
    if (this.mode === 'tty') this.out.write(`\r${line}\x1b[K\n`);
    else if (this.mode === 'lines') this.out.write(`${line}\n`);
    else if (this.mode === 'json') this.json.write(`${JSON.stringify({ type: 'epoch', ...epochRecord(m) })}\n`);
  }

  message(text: string): void {
    if (this.mode === 'json') this.json.write(`${JSON.stringify({ type: 'message', text })}\n`);
    else if (this.mode !== 'quiet') this.out.write(`${this.mode === 'tty' ? '\r\x1b[K' : ''}${text}\n`);
  }

}

/** The per-epoch record written to metrics.jsonl and --json output. */
export function epochRecord(m: EpochMetrics) {
  return {
    epoch: m.epoch,
    trainLoss: m.trainLoss,
    trainAccuracy: m.trainAccuracy,
    testLoss: m.test.loss,
    testAccuracy: m.test.accuracy,
    perClassAccuracy: m.test.perClassAccuracy,
    confusion: m.test.confusion,
    lr: m.lr,
    seconds: m.seconds,
    imagesPerSecond: m.imagesPerSecond,
  };
}
