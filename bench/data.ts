/**
 * Data loading speed on the real archive (../shared/data/cifar10-jpg.tar.gz, 60,000
 * JPEGs): the first load (gunzip + untar + decode + cache write) and a cached load.
 * Targets from issue #3: first load <= 30 s, cached load < 1 s on a 2-core machine.
 * Run alone with `node --import tsx bench/data.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadDataset } from '../src/train/data/load-dataset.js';
import { median, timeRuns } from './stats.js';

export const CIFAR_JPG_ARCHIVE = fileURLToPath(new URL('../../shared/data/cifar10-jpg.tar.gz', import.meta.url));

export interface DataBenchResult {
  images: number;
  firstLoadSeconds: number;
  cachedLoadSeconds: number;
}

export async function benchData(archive = CIFAR_JPG_ARCHIVE, cachedRuns = 3): Promise<DataBenchResult> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'lenet-bench-data-'));
  try {
    const start = performance.now();
    const first = await loadDataset({ data: archive, cacheDir });
    const firstLoadSeconds = (performance.now() - start) / 1000;
    const cached = await timeRuns(() => loadDataset({ data: archive, cacheDir }), cachedRuns, 0);
    return { images: first.train.count + first.test.count, firstLoadSeconds, cachedLoadSeconds: median(cached) };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

export function formatDataBench(r: DataBenchResult): string[] {
  const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  return [
    `data: first load of ${r.images} images (decode + cache write): ${r.firstLoadSeconds.toFixed(2)} s (target <= 30 s: ${mark(r.firstLoadSeconds <= 30)})`,
    `data: cached load: ${r.cachedLoadSeconds.toFixed(3)} s median (target < 1 s: ${mark(r.cachedLoadSeconds < 1)})`,
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of formatDataBench(await benchData())) console.log(line);
}
