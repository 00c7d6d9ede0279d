/**
 * The child process the watchdog (watchdog.ts) runs fuzz cases in, one at a time, so
 * a hang can be killed and a native crash cannot take the test run down with it.
 *
 * argv: <sandbox folder>. Messages in: {type:'prepare', reader} then {type:'case', seed, index}.
 * Messages out: {type:'prepared', seeds, mutators} | {type:'started', seedName, mutator} | {type:'report', report} | {type:'fatal', message}.
 */
import { join } from 'node:path';
import { loadTarget } from './targets/index.js';
import { prepareTarget, runCase, type PreparedTarget } from './run-case.js';
import type { ReaderName } from './target.js';

export type RunnerRequest = { type: 'prepare'; reader: ReaderName } | { type: 'case'; seed: number; index: number };

const sandbox = process.argv[2];
if (!sandbox || !process.send) throw new Error('case-runner: run me through the fuzz watchdog');
const send = (message: unknown) => process.send!(message);
let prepared: PreparedTarget | null = null;

async function handle(request: RunnerRequest): Promise<void> {
  try {
    if (request.type === 'prepare') {
      prepared = await prepareTarget(await loadTarget(request.reader), join(sandbox!, 'corpus'), join(sandbox!, 'scratch'));
      send({ type: 'prepared', seeds: prepared.corpus.length, mutators: prepared.target.mutators.map((m) => m.name) });
    } else {
      if (!prepared) throw new Error('case before prepare');
      const report = await runCase(prepared, request.seed, request.index, (plan) => send({ type: 'started', ...plan }));
      send({ type: 'report', report });
    }
  } catch (error) {
    send({ type: 'fatal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}

process.on('message', (request: RunnerRequest) => void handle(request));
// A stray rejection from a reader's background work must not kill the runner silently.
process.on('unhandledRejection', (reason) => send({ type: 'fatal', message: `unhandled rejection: ${String(reason)}` }));
