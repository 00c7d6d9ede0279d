/** `--override NAME=VALUE` for a resumed run, and quoting for the commands we print. */
import { MAX_OPSET, MIN_WRITE_OPSET } from '../export/opsets.js';
import { OVERRIDE_FLAGS, type Overrides } from '../train/resume-plan.js';
import { ToolError } from '../util/errors.js';
import { choiceFlag, numberFlag } from './args.js';

function booleanValue(flag: string, text: string): boolean {
  if (['true', 'on', 'yes', '1'].includes(text)) return true;
  if (['false', 'off', 'no', '0'].includes(text)) return false;
  throw new ToolError(`--override ${flag}=${text}: expected true or false`);
}

export function parseOverrides(specs: readonly string[]): Overrides {
  const overrides: Overrides = {};
  const names = Object.entries(OVERRIDE_FLAGS) as [keyof Overrides, string][];
  for (const spec of specs) {
    const match = /^([a-z-]+)=(.*)$/.exec(spec);
    const key = match ? names.find(([, flag]) => flag === match[1])?.[0] : undefined;
    if (!match || key === undefined) {
      throw new ToolError(`--override ${spec}: expected NAME=VALUE with NAME one of ${Object.values(OVERRIDE_FLAGS).join(', ')}`);
    }
    const flag = `override ${match[1]}`;
    const text = match[2]!;
    switch (key) {
      case 'epochs':
        overrides.epochs = numberFlag(flag, text, 1, { integer: true, min: 1, max: 1_000_000 });
        break;
      case 'keepCheckpoints':
        overrides.keepCheckpoints = numberFlag(flag, text, 3, { integer: true, min: 1, max: 1_000_000 });
        break;
      case 'opset':
        overrides.opset = numberFlag(flag, text, 13, { integer: true, min: MIN_WRITE_OPSET, max: MAX_OPSET });
        break;
      case 'momentum':
        overrides.momentum = numberFlag(flag, text, 0, { min: 0, max: 1 });
        break;
      case 'schedule':
        overrides.schedule = choiceFlag(flag, text, ['constant', 'step', 'cosine'] as const, 'cosine');
        break;
      case 'augment':
      case 'probabilities':
        overrides[key] = booleanValue(match[1]!, text);
        break;
      default:
        overrides[key] = numberFlag(flag, text, 0, { min: 0, max: key === 'warmupEpochs' ? 1_000_000 : Number.MAX_VALUE });
    }
  }
  return overrides;
}

/** A path as a POSIX shell reads it back: bare when safe, else single-quoted. */
export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
