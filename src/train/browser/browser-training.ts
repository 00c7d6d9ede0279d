/**
 * `train-and-export --backend webgl2`: the same training run as `train()`, executed by
 * the WebGL2 backend inside headless Chromium, driven from Node.
 *
 * Node keeps the run's model and optimizer on the CPU backend as a mirror: every epoch
 * (and at the end, or on a stop) the page sends its weights and optimizer state, which
 * are loaded into the mirror before Node's hooks run. So checkpoints, the report and
 * the ONNX export work exactly as on the CPU path, and the mirror doubles as the
 * fallback: without Chromium or float-capable WebGL2, one line says why and the run
 * trains on the CPU backend instead.
 */
import { describeError } from '../../util/errors.js';
import { BrowserHost } from '../../browser/browser-host.js';
import { pageEntryPath } from '../../browser/bundle-page.js';
import type { LaunchOptions } from '../../browser/chromium.js';
import type { PageBridge } from '../../browser/page-bridge.js';
import { DivergenceError, train, type EpochMetrics, type TrainOutcome, type TrainRun } from '../trainer.js';
import { datasetRoute } from './dataset-routes.js';
import type { Snapshot, TrainingPageApi } from './protocol.js';

export interface BrowserTrainingOptions {
  /** One line of output (backend in use, fallback reason). */
  log(line: string): void;
  /** How the CPU fallback describes itself, e.g. "cpu: cpu-wasm (2 threads)". */
  cpuBackend: string;
  /** Extra Chromium flags and the like (tests use them to take WebGL away). */
  launch?: LaunchOptions;
}

const DATA_ROUTE = '/data';
/** Steps between loss read-backs on the GPU: the page reads asynchronously, so it never stalls on one. */
const GPU_READ_LOSS_EVERY = 10;
/** How often Node checks the run's stop request (Ctrl-C) while the page trains. */
const STOP_POLL_MS = 100;

export async function trainInBrowser(run: TrainRun, o: BrowserTrainingOptions): Promise<TrainOutcome> {
  let host: BrowserHost;
  try {
    host = await BrowserHost.start(o.launch);
  } catch (error) {
    return trainOnCpuInstead(run, o, describeError(error));
  }
  try {
    host.server.handle(DATA_ROUTE, datasetRoute(async () => run.data));
    const bridge = await host.openPage<TrainingPageApi>(pageEntryPath('./page/training-page.js', import.meta.url), 'webgl2 training page');
    const started = await bridge.call('start', {
      spec: await run.model.toSpec(),
      optimizer: await run.optimizer.state(),
      config: run.config,
      start: run.start,
      history: run.history,
      readLossEvery: GPU_READ_LOSS_EVERY,
      dataBase: DATA_ROUTE,
    });
    if (!started.ok) {
      await host.close();
      return trainOnCpuInstead(run, o, `WebGL2 unavailable in ${host.browserVersion} (${started.reason})`);
    }
    o.log(`backend: webgl2 in headless ${host.browserVersion} on ${started.renderer}`);
    return await followTraining(bridge, run);
  } finally {
    await host.close();
  }
}

async function trainOnCpuInstead(run: TrainRun, o: BrowserTrainingOptions, why: string): Promise<TrainOutcome> {
  o.log(`backend: webgl2 not used: ${why}; training on the CPU backend instead (${o.cpuBackend})`);
  return train(run);
}

/** Relays the page's events to the run's hooks until the page finishes, stops or fails. */
async function followTraining(bridge: PageBridge<TrainingPageApi>, run: TrainRun): Promise<TrainOutcome> {
  const history: EpochMetrics[] = [...run.history];
  let stopSent = false;
  const stopPoll = setInterval(() => {
    if (stopSent || !run.hooks?.shouldStop?.()) return;
    stopSent = true;
    bridge.call('stop').catch(() => {}); // a page that is gone fails the events() call instead
  }, STOP_POLL_MS);
  try {
    for (;;) {
      for (const event of await bridge.call('events')) {
        switch (event.type) {
          case 'step':
            run.hooks?.onStep?.(event.info);
            break;
          case 'epoch':
            loadSnapshot(run, event.snapshot);
            history.push(event.metrics);
            await run.hooks?.onEpoch?.(event.metrics, event.position);
            await bridge.call('epochSaved');
            break;
          case 'finished':
            loadSnapshot(run, event.snapshot);
            return { stoppedAt: event.stoppedAt, history };
          case 'diverged':
            throw new DivergenceError(event.message);
          case 'failed':
            throw new Error(`webgl2 training in Chromium failed: ${event.message}${pageSaid(bridge)}`);
        }
      }
    }
  } finally {
    clearInterval(stopPoll);
  }
}

function loadSnapshot(run: TrainRun, snapshot: Snapshot): void {
  run.model.loadParams(snapshot.spec.params);
  run.optimizer.loadState(snapshot.optimizer);
}

function pageSaid(bridge: PageBridge<TrainingPageApi>): string {
  return bridge.problems.length > 0 ? ` (page: ${bridge.problems.join('; ')})` : '';
}
