/**
 * The portability lab: drop a model or a test case, pick inputs and runtimes, and see
 * every runtime of this browser compared output by output with verify-parity's rules;
 * bisect a failing one; download the result (JSON, mergeable with CLI runs) or the run
 * as a test case for a bug report.
 */
import type { InMemoryFile } from '../../../src/export/test-case-files.js';
import { watchOrtLog } from '../../../src/runtime/adapters/browser/pages/ort-placement-log.js';
import { describeError } from '../../../src/util/errors.js';
import { byId, say } from '../dom.js';
import { ORT_THREADS } from '../runtimes/ort-web.js';
import { showBisect } from './bisect-view.js';
import { baseName, resultJsonText, saveFile, testCaseZip } from './downloads.js';
import { describeGiven, droppedFiles, pickedFiles } from './dropped-files.js';
import { labEnvironment, type LabEnvironment } from './environment.js';
import { showInterface } from './interface-view.js';
import { readForm, setUpForm } from './inputs-form.js';
import { labCaseFrom, type LabCase } from './lab-case.js';
import { labInputs } from './lab-inputs.js';
import { labInspection } from './lab-inspection.js';
import { bisectLab, labJson, runLab, type LabRun } from './lab-run.js';
import { showResult } from './results-view.js';

// Before ORT loads: its verbose placement log stays out of the console.
watchOrtLog();

function showEnvironment(env: LabEnvironment): void {
  byId('lab-browser').textContent = env.browser;
  byId('lab-webgpu').textContent = env.adapter.webgpu ?? `none (${env.webgpuReason})`;
  byId('lab-webgl').textContent = env.adapter.webgl ?? `none (${env.webglReason})`;
  byId('lab-threads').textContent = `${ORT_THREADS} of ${env.cores} cores${env.crossOriginIsolated ? '' : ' — not cross-origin isolated: ORT runs one thread (see web/README.md)'}`;
}

async function main(): Promise<void> {
  const env = await labEnvironment();
  labInspection.environment = env;
  showEnvironment(env);

  let current: LabCase | null = null;
  let run: LabRun | null = null;
  const runStatus = (text: string, kind: 'info' | 'error' = 'info') => say(text, kind, 'lab-run-status');

  const load = async (files: Promise<InMemoryFile[]>): Promise<void> => {
    try {
      const given = await files;
      if (given.length === 0) return;
      say(`Reading ${describeGiven(given)}…`);
      const c = labCaseFrom(given, describeGiven(given));
      current = c;
      run = null;
      byId('lab-results').hidden = true;
      showInterface(c);
      setUpForm(c);
      labInspection.loaded = { name: c.name };
      say(`Loaded ${c.name}: ${c.model.io.inputs.length} input${c.model.io.inputs.length === 1 ? '' : 's'}, ${c.model.io.outputs.length} output${c.model.io.outputs.length === 1 ? '' : 's'}${c.dataSets.length ? `, ${c.dataSets.length} test data set${c.dataSets.length === 1 ? '' : 's'}` : ''}.`);
    } catch (error) {
      // Nothing of the previous model stays on screen as if it were this one.
      current = null;
      run = null;
      for (const id of ['lab-model', 'lab-inputs', 'lab-results']) byId(id).hidden = true;
      labInspection.loaded = { error: describeError(error) };
      say(`Cannot use what was given: ${describeError(error)}`, 'error');
    }
  };

  const zone = byId('lab-drop-zone');
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    if (event.dataTransfer) void load(droppedFiles(event.dataTransfer));
  });
  for (const id of ['lab-files', 'lab-folder']) {
    const picker = byId<HTMLInputElement>(id);
    picker.addEventListener('change', () => {
      const list = picker.files;
      if (list) void load(pickedFiles(list)).finally(() => (picker.value = ''));
    });
  }

  const runButton = byId<HTMLButtonElement>('lab-run');
  const bisectButton = byId<HTMLButtonElement>('lab-bisect');
  runButton.addEventListener('click', async () => {
    const c = current;
    if (!c) return;
    runButton.disabled = true;
    bisectButton.disabled = true;
    showBisect([]);
    try {
      const choice = readForm(c);
      const inputs = await labInputs(c, choice.inputs);
      labInspection.feeds = inputs.sets[0]?.feeds ?? null;
      runStatus(`Running ${inputs.source}…`);
      run = await runLab(c, { inputs, runtimes: choice.runtimes, reference: choice.reference, tolerance: choice.tolerance, threads: ORT_THREADS, log: (line) => runStatus(line) });
      showResult(run.result);
      labInspection.json = labJson(run, env);
      labInspection.runError = null;
      bisectButton.disabled = run.result.comparisons.every((x) => x.pass);
      runStatus(run.result.pass ? 'Done: every runtime that ran agrees with the reference.' : `Done: ${run.result.problems.length} problem${run.result.problems.length === 1 ? '' : 's'} (see the table).`);
    } catch (error) {
      labInspection.runError = describeError(error);
      runStatus(describeError(error), 'error');
    } finally {
      labInspection.runs++;
      runButton.disabled = false;
    }
  });

  bisectButton.addEventListener('click', async () => {
    const c = current;
    const done = run;
    if (!c || !done) return;
    bisectButton.disabled = true;
    const status = (text: string, kind: 'info' | 'error' = 'info') => say(text, kind, 'lab-bisect-status');
    try {
      done.bisect = await bisectLab(c, done, ORT_THREADS, (line) => status(line));
      showBisect(done.bisect);
      labInspection.json = labJson(done, env);
      status(`Bisected ${done.bisect.length} runtime${done.bisect.length === 1 ? '' : 's'}.`);
    } catch (error) {
      status(`Bisection failed: ${describeError(error)}`, 'error');
    } finally {
      labInspection.bisects++;
      bisectButton.disabled = false;
    }
  });

  byId('lab-download-json').addEventListener('click', () => {
    if (current && run) saveFile(`parity-${baseName(current)}.json`, resultJsonText(labJson(run, env)), 'application/json');
  });
  byId('lab-download-case').addEventListener('click', () => {
    if (current && run) saveFile(`${baseName(current)}-test-case.zip`, testCaseZip(current, run), 'application/zip');
  });

  labInspection.ready = true;
  say('Drop a model, a test case folder, or a zip of either.');
}

main().catch((error: unknown) => say(`The lab could not start: ${describeError(error)}`, 'error'));
