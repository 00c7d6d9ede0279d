/**
 * The live chart of a training run, drawn on a canvas: the loss of every step (faint)
 * and its moving average on the left axis, train and test accuracy per epoch on the
 * right. The x axis spans the whole planned run, so progress is visible at a glance.
 */

export interface ChartData {
  totalSteps: number;
  stepsPerEpoch: number;
  /** [global step, loss] */
  losses: [number, number][];
  /** [global step at the epoch's end, accuracy 0..1] */
  trainAccuracy: [number, number][];
  testAccuracy: [number, number][];
}

const COLORS = { loss: '#3358d4', lossRaw: 'rgba(51, 88, 212, 0.18)', train: '#8a63d2', test: '#1f8a4c', grid: '#e9ecf3', text: '#5b6577' };
const PAD = { left: 52, right: 56, top: 30, bottom: 30 };

function movingAverage(values: [number, number][], beta = 0.9): [number, number][] {
  let average = NaN;
  return values.map(([x, y]) => {
    average = Number.isNaN(average) ? y : beta * average + (1 - beta) * y;
    return [x, average];
  });
}

export function drawTrainingChart(canvas: HTMLCanvasElement, d: ChartData): void {
  const g = canvas.getContext('2d')!;
  const { width, height } = canvas;
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const maxLoss = Math.max(2.5, ...d.losses.map(([, l]) => (Number.isFinite(l) ? l : 0))) * 1.05;
  const x = (step: number) => PAD.left + (plotW * step) / Math.max(1, d.totalSteps);
  const yLoss = (loss: number) => PAD.top + plotH * (1 - Math.min(loss, maxLoss) / maxLoss);
  const yAcc = (accuracy: number) => PAD.top + plotH * (1 - accuracy);

  g.clearRect(0, 0, width, height);
  g.font = '12px system-ui, sans-serif';
  g.lineWidth = 1;
  for (let i = 0; i <= 4; i++) {
    const y = PAD.top + (plotH * i) / 4;
    g.strokeStyle = COLORS.grid;
    g.beginPath();
    g.moveTo(PAD.left, y);
    g.lineTo(width - PAD.right, y);
    g.stroke();
    g.fillStyle = COLORS.text;
    g.textAlign = 'right';
    g.fillText((maxLoss * (1 - i / 4)).toFixed(2), PAD.left - 8, y + 4);
    g.textAlign = 'left';
    g.fillText(`${100 - 25 * i}%`, width - PAD.right + 8, y + 4);
  }
  g.textAlign = 'center';
  const epochs = Math.round(d.totalSteps / Math.max(1, d.stepsPerEpoch));
  const every = Math.max(1, Math.ceil(epochs / 12));
  for (let e = 0; e <= epochs; e += every) g.fillText(`epoch ${e}`, x(e * d.stepsPerEpoch), height - 10);

  const line = (points: [number, number][], y: (v: number) => number, color: string, widthPx: number, dots = false) => {
    if (points.length === 0) return;
    g.strokeStyle = color;
    g.fillStyle = color;
    g.lineWidth = widthPx;
    g.beginPath();
    points.forEach(([s, v], i) => (i === 0 ? g.moveTo(x(s), y(v)) : g.lineTo(x(s), y(v))));
    g.stroke();
    if (dots) for (const [s, v] of points) g.fillRect(x(s) - 3, y(v) - 3, 6, 6);
  };
  line(d.losses, yLoss, COLORS.lossRaw, 1);
  line(movingAverage(d.losses), yLoss, COLORS.loss, 2.5);
  line(d.trainAccuracy, yAcc, COLORS.train, 2, true);
  line(d.testAccuracy, yAcc, COLORS.test, 2, true);

  const legend: [string, string][] = [['loss (moving average)', COLORS.loss], ['train accuracy', COLORS.train], ['test accuracy', COLORS.test]];
  g.textAlign = 'left';
  let lx = PAD.left;
  for (const [label, color] of legend) {
    g.fillStyle = color;
    g.fillRect(lx, 10, 14, 4);
    g.fillStyle = COLORS.text;
    g.fillText(label, lx + 20, 16);
    lx += g.measureText(label).width + 44;
  }
  if (d.losses.length === 0) {
    g.fillStyle = COLORS.text;
    g.textAlign = 'center';
    g.fillText('Start training to see the loss fall.', PAD.left + plotW / 2, PAD.top + plotH / 2);
  }
}
