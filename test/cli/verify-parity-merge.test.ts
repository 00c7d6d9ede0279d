/** `verify-parity --merge` as a user runs it: bad input is one line and exit 2. (Real merges: test/web/lab.test.ts.) */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/run-bin.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

describe('verify-parity --merge', () => {
  it('names a missing file, a file that is not a result, and flags that do not apply, in one line each', async () => {
    const dir = tempDir('merge');
    const notResult = join(dir, 'x.json');
    writeFileSync(notResult, '{"pass": true}');
    const cases: [string[], string][] = [
      [['--merge', join(dir, 'missing.json')], `verify-parity: --merge ${join(dir, 'missing.json')}: no such file`],
      [['--merge', notResult], `verify-parity: ${notResult}: not a verify-parity --json result (it needs "runtimes" and "comparisons" lists)`],
      [['--merge', notResult, '--runtimes', 'ort-node'], 'verify-parity: --merge prints saved results; --runtimes does not apply to it'],
      [['--merge'], 'verify-parity: --merge: name the verify-parity --json result files to merge (verify-parity --merge a.json b.json …)'],
    ];
    for (const [args, line] of cases) {
      const run = await runBin('verify-parity', args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim()).toBe(line);
    }
  });
});
