#!/usr/bin/env node
import { checkNodeVersion } from '../cli/node-version.js';

// The command loads only after the check: on an older Node its imports would fail to link.
if (checkNodeVersion('cifar-preview')) {
  const [{ main }, { runCli }] = await Promise.all([import('../cli/preview.js'), import('../cli/run.js')]);
  await runCli('cifar-preview', main);
}
