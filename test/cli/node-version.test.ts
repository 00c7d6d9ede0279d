/**
 * The bins refuse an older Node.js with one line before loading any command (whose
 * imports, e.g. zlib.crc32, would otherwise fail to link with a SyntaxError).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIN_NODE, nodeTooOld } from '../../src/cli/node-version.js';
import { repoRoot } from '../helpers/paths.js';
import { runBin } from '../helpers/run-bin.js';

/** Makes the child believe it runs on `version` (NODE_OPTIONS strips double quotes). */
const pretendNode = (version: string) => ({
  NODE_OPTIONS: `--import=data:text/javascript,Object.defineProperty(process.versions,'node',{value:'${version}'})`,
});

describe('minimum Node.js version', () => {
  it('agrees with package.json engines', () => {
    const engines = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { engines: { node: string } }).engines;
    expect(engines.node).toBe(`>=${MIN_NODE.major}.${MIN_NODE.minor}`);
  });

  it('accepts 20.15 and newer, refuses older with one line naming both versions', () => {
    for (const ok of ['20.15.0', '20.20.2', '21.0.0', '22.11.0', '24.1.0']) expect(nodeTooOld('predict', ok)).toBeNull();
    expect(nodeTooOld('predict', '20.14.9')).toBe('predict: needs Node.js >= 20.15 (this is 20.14.9); install a newer Node.js');
    expect(nodeTooOld('web', '18.19.1')).toBe('web: needs Node.js >= 20.15 (this is 18.19.1); install a newer Node.js');
  });

  it('every bin stops on an older Node before its command loads: one line, exit 2, nothing on stdout', async () => {
    const bins = { predict: 'predict', 'verify-parity': 'verify-parity', 'train-and-export': 'train-and-export', inspect: 'inspect-onnx', preview: 'cifar-preview', web: 'web' };
    for (const [file, command] of Object.entries(bins)) {
      const r = await runBin(file, ['--help'], pretendNode('20.14.1'));
      expect({ file, code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
        file,
        code: 2,
        stdout: '',
        stderr: `${command}: needs Node.js >= 20.15 (this is 20.14.1); install a newer Node.js\n`,
      });
    }
  });
});
