/**
 * A stand-in for case-runner.ts in the watchdog's own test: case 1 never answers (a
 * busy loop), case 2 dies of a segmentation fault; every other case is valid.
 */
import type { CaseReport } from '../case-report.js';
import type { RunnerRequest } from '../case-runner.js';

const send = (message: unknown) => process.send!(message);

process.on('message', (request: RunnerRequest) => {
  if (request.type === 'prepare') {
    send({ type: 'prepared', seeds: 1, mutators: ['fake-mutator'] });
    return;
  }
  send({ type: 'started', seedName: 'fake-seed', mutator: 'fake-mutator' });
  if (request.index === 1) for (;;);
  if (request.index === 2) process.kill(process.pid, 'SIGSEGV');
  const report: CaseReport = {
    reader: 'onnx', seed: request.seed, index: request.index, seedName: 'fake-seed', mutator: 'fake-mutator',
    outcome: 'valid', message: 'read', ms: 1, memoryGrowth: 0, rss: 0,
  };
  send({ type: 'report', report });
});
