/** Section 2: train LeNet5 in the page, watch it learn, stop/resume, take the model home. */
import { describeError } from '../../../src/util/errors.js';
import type { ModelSpec } from '../../../src/graph/model-spec.js';
import type { Dataset } from '../../../src/train/data/dataset.js';
import type { StepInfo } from '../../../src/train/trainer.js';
import { byId, say } from '../dom.js';
import type { PageEngine } from '../engine.js';
import { inspection } from '../inspection.js';
import { PageTraining, type TrainSettings } from './page-training.js';
import { download, trainedOnnx } from './trained-onnx.js';
import { drawTrainingChart, type ChartData } from './training-chart.js';

export interface TrainContext {
  engine: PageEngine;
  dataset(): Promise<Dataset>;
  /** The loaded model as our engine reads it, for fine-tuning. */
  loadedSpec(): ModelSpec | null;
  /** Makes `bytes` the page's model (Classify and Parity). */
  useModel(bytes: Uint8Array, name: string): Promise<void>;
}

const TRAINED_FILE = 'lenet-trained-in-browser.onnx';

function readSettings(form: HTMLFormElement): TrainSettings {
  const f = new FormData(form);
  const num = (name: string) => Number(f.get(name));
  return {
    arch: f.get('arch') === 'lenet5-relu' ? 'lenet5-relu' : 'lenet5',
    init: f.get('init') === 'model' ? 'model' : 'fresh',
    images: num('images'), testImages: num('testImages'), epochs: num('epochs'), batchSize: num('batchSize'),
    optimizer: f.get('optimizer') === 'sgd' ? 'sgd' : 'adam',
    lr: num('lr'),
  };
}

export function setUpTraining(context: TrainContext): void {
  const form = byId<HTMLFormElement>('train-form');
  const buttons = {
    start: byId<HTMLButtonElement>('train-start'), stop: byId<HTMLButtonElement>('train-stop'), resume: byId<HTMLButtonElement>('train-resume'),
    download: byId<HTMLButtonElement>('train-download'), use: byId<HTMLButtonElement>('train-use'),
  };
  const canvas = byId<HTMLCanvasElement>('train-chart');
  const stat = (id: string, text: string) => void (byId(id).textContent = text);
  const status = (text: string, kind: 'info' | 'error' = 'info') => say(text, kind, 'train-status');
  byId('train-backend').textContent = context.engine.gpu ? `WebGL2 on ${context.engine.device}` : `the CPU (${context.engine.description})`;

  let run: PageTraining | null = null;
  let running = false;
  let chart: ChartData = { totalSteps: 1, stepsPerEpoch: 1, losses: [], trainAccuracy: [], testAccuracy: [] };
  let redraw = 0;
  const draw = () => {
    cancelAnimationFrame(redraw);
    redraw = requestAnimationFrame(() => drawTrainingChart(canvas, chart));
  };
  const refreshButtons = () => {
    buttons.start.disabled = running;
    buttons.stop.disabled = !running;
    buttons.resume.disabled = running || !run || run.finished;
    buttons.download.disabled = running || !run;
    buttons.use.disabled = running || !run;
  };

  const onStep = (s: StepInfo) => {
    const step = s.epoch * s.stepsPerEpoch + s.step + 1;
    chart.losses.push([step, s.loss]);
    inspection.training.steps.push(s);
    stat('stat-epoch', `${s.epoch + 1} / ${run!.config.epochs}`);
    stat('stat-step', `${s.step + 1} / ${s.stepsPerEpoch}`);
    stat('stat-loss', s.loss.toFixed(4));
    stat('stat-speed', Math.round(s.imagesPerSecond).toLocaleString('en'));
    draw();
  };

  const go = async (fresh: boolean) => {
    try {
      if (fresh) {
        status('Fetching CIFAR-10 from the local server…');
        const data = await context.dataset();
        run?.dispose();
        run = PageTraining.create(readSettings(form), data, context.engine.backend, context.loadedSpec());
        const stepsPerEpoch = Math.floor(run.data.train.count / run.config.batchSize);
        chart = { totalSteps: stepsPerEpoch * run.config.epochs, stepsPerEpoch, losses: [], trainAccuracy: [], testAccuracy: [] };
        inspection.training = { steps: [], epochs: [], running: false };
        stat('stat-accuracy', '–');
      }
      const current = run!;
      running = true;
      inspection.training.running = true;
      refreshButtons();
      status(`Training on ${current.data.train.count.toLocaleString('en')} images, testing on ${current.data.test.count.toLocaleString('en')} after every epoch…`);
      const complete = await current.run({
        onStep,
        onEpoch: (m) => {
          const step = m.epoch * chart.stepsPerEpoch;
          chart.trainAccuracy.push([step, m.trainAccuracy]);
          chart.testAccuracy.push([step, m.test.accuracy]);
          inspection.training.epochs.push(m);
          stat('stat-accuracy', `${(100 * m.test.accuracy).toFixed(1)}%`);
          draw();
        },
      });
      status(complete ? 'Finished: download the model, or use it for Classify and Parity.' : 'Stopped. Resume continues exactly where it stopped.');
    } catch (error) {
      status(`Training failed: ${describeError(error)}`, 'error');
    } finally {
      running = false;
      inspection.training.running = false;
      refreshButtons();
    }
  };

  const trainedBytes = async (): Promise<Uint8Array> => trainedOnnx(await run!.trainedSpec(), run!.config, run!.data.classNames, run!.data.source, run!.history);
  buttons.start.addEventListener('click', () => void go(true));
  buttons.resume.addEventListener('click', () => void go(false));
  buttons.stop.addEventListener('click', () => run?.stop());
  buttons.download.addEventListener('click', () => void trainedBytes().then((bytes) => download(bytes, TRAINED_FILE), (e: unknown) => status(`Export failed: ${describeError(e)}`, 'error')));
  buttons.use.addEventListener('click', () => void trainedBytes().then((bytes) => context.useModel(bytes, TRAINED_FILE), (e: unknown) => status(`Export failed: ${describeError(e)}`, 'error')));
  refreshButtons();
  draw();
}
