/** Section 3: N test images through every runtime of this browser, as a table. */
import { describeError } from '../../../src/util/errors.js';
import type { Dataset } from '../../../src/train/data/dataset.js';
import type { LoadedModel } from '../app-model.js';
import { byId, say } from '../dom.js';
import type { PageEngine } from '../engine.js';
import { inspection } from '../inspection.js';
import { pageRuntimes } from './page-runtimes.js';
import { parityRows } from './parity-table.js';
import { runParity } from './run-parity.js';

export interface ParityContext {
  engine: PageEngine;
  model(): LoadedModel | null;
  dataset(): Promise<Dataset>;
}

export function setUpParity(context: ParityContext): void {
  const button = byId<HTMLButtonElement>('parity-run');
  const count = byId<HTMLInputElement>('parity-count');
  const body = byId<HTMLTableElement>('parity-table').tBodies[0]!;
  const runtimes = pageRuntimes(context.engine);
  const status = (text: string, kind: 'info' | 'error' = 'info') => say(text, kind, 'parity-status');
  button.addEventListener('click', async () => {
    const loaded = context.model();
    if (!loaded) return status('Load a model first.', 'error');
    button.disabled = true;
    try {
      const data = await context.dataset();
      const result = await runParity(loaded.model, loaded.labels, data.test, Number(count.value), runtimes, (line) => status(line));
      inspection.parity = { images: result.images, reference: result.reference, comparisons: result.comparisons, unavailable: result.unavailable };
      body.replaceChildren(...parityRows(result));
      const failing = result.comparisons.filter((c) => !c.pass).map((c) => c.runtime);
      status(`Parity on ${result.images} test images of ${loaded.name}: ${failing.length === 0 ? 'every runtime that ran agrees with the reference' : `${failing.join(', ')} beyond tolerance`}.`);
    } catch (error) {
      status(`Parity failed: ${describeError(error)}`, 'error');
    } finally {
      button.disabled = false;
    }
  });
}
