#!/usr/bin/env node
import { checkNodeVersion } from '../cli/node-version.js';

// The command loads only after the check: on an older Node its imports would fail to link.
if (checkNodeVersion('train-and-export')) {
  const [{ main }, { runCli }] = await Promise.all([import('../cli/train-and-export.js'), import('../cli/run.js')]);
  await runCli('train-and-export', main);
}
