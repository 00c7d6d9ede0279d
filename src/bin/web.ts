#!/usr/bin/env node
import { runCli } from '../cli/run.js';
import { main } from '../cli/web.js';

await runCli('web', main);
