/**
 * Writes a run's human-readable artefacts: loss and accuracy curves (SVG + PNG) and
 * the last epoch's confusion matrix (SVG + PNG). PNGs are rendered from the SVGs by sharp.
 */
import { join } from 'node:path';
import { loadSharp } from '../../image/load-sharp.js';
import { writeFileAtomic } from '../../util/atomic-file.js';
import type { EpochMetrics } from '../trainer.js';
import { confusionSvg } from './confusion.js';
import { lineChartSvg } from './curves.js';

export async function writeTrainingReport(dir: string, history: EpochMetrics[], classNames: string[]): Promise<string[]> {
  const charts: [string, string][] = [
    ['loss', lineChartSvg('Loss per epoch', 'cross-entropy', [
      { label: 'train', color: '#1f77b4', values: history.map((h) => h.trainLoss) },
      { label: 'test', color: '#d62728', values: history.map((h) => h.test.loss) },
    ])],
    ['accuracy', lineChartSvg('Accuracy per epoch', 'top-1 accuracy', [
      { label: 'train', color: '#1f77b4', values: history.map((h) => h.trainAccuracy) },
      { label: 'test', color: '#d62728', values: history.map((h) => h.test.accuracy) },
    ])],
  ];
  const last = history[history.length - 1];
  if (last)
    charts.push(['confusion', confusionSvg(last.test.confusion, classNames, `Confusion matrix, epoch ${last.epoch} (test accuracy ${(100 * last.test.accuracy).toFixed(2)}%)`)]);
  const written: string[] = [];
  for (const [name, svg] of charts) {
    const svgPath = join(dir, `${name}.svg`);
    const pngPath = join(dir, `${name}.png`);
    writeFileAtomic(svgPath, Buffer.from(svg));
    writeFileAtomic(pngPath, await (await loadSharp())(Buffer.from(svg)).png().toBuffer());
    written.push(svgPath, pngPath);
  }
  return written;
}
