#!/usr/bin/env node
import { checkNodeVersion } from '../cli/node-version.js';

// The command loads only after the check: on an older Node its imports would fail to link.
if (checkNodeVersion('verify-parity')) {
  const [{ main }, { runCli }] = await Promise.all([import('../cli/verify-parity.js'), import('../cli/run.js')]);
  await runCli('verify-parity', main);
}
