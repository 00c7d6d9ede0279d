/** The image-preprocessing flags predict and verify-parity share (torchvision's vocabulary), and --labels. */
import { readFileSync } from 'node:fs';
import { describeError, ToolError } from '../util/errors.js';
import { choiceFlag, numberFlag } from './args.js';
import type { RecipeFlags } from '../runtime/image-recipes.js';

export const IMAGE_FLAG_OPTIONS = {
  resize: { type: 'string' },
  'center-crop': { type: 'string' },
  mean: { type: 'string' },
  std: { type: 'string' },
  scale: { type: 'string' },
  layout: { type: 'string' },
  bgr: { type: 'boolean' },
} as const;

export const IMAGE_FLAG_HELP = `  --resize N               torchvision's Resize(N): the shorter side to N (Pillow bilinear,
                           exact); without it images go straight to the model's size
  --center-crop N          CenterCrop(N) after --resize (the ImageNet recipe: --resize 256
                           --center-crop 224); also binds a dynamic image size
  --mean A[,B,C]           Normalize's mean per channel, e.g. 0.485,0.456,0.406
  --std A[,B,C]            Normalize's std per channel, e.g. 0.229,0.224,0.225
  --scale S                each byte times S, or 1/N to divide as ToTensor does     [1/255]
  --layout NCHW|NHWC       the tensor layout (default: what the model's input says)
  --bgr                    channels in B, G, R order
                           (our own models' metadata supplies what these leave out)`;

type ImageFlagValues = { [K in keyof typeof IMAGE_FLAG_OPTIONS]?: (typeof IMAGE_FLAG_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

function numberList(flag: string, raw: string): number[] {
  const values = raw.split(',').map((x) => Number(x.trim()));
  if (raw.trim() === '' || values.some((x) => !Number.isFinite(x))) throw new ToolError(`--${flag} ${raw}: expected numbers separated by commas`);
  return values;
}

function scaleFlag(raw: string): NonNullable<RecipeFlags['scale']> {
  const divide = /^\s*1\s*\/\s*([0-9.eE+-]+)\s*$/.exec(raw);
  if (divide) return { divide: numberFlag('scale', divide[1], 255, { min: Number.MIN_VALUE }) };
  return { multiply: numberFlag('scale', raw, 1) };
}

export function parseImageFlags(v: ImageFlagValues): RecipeFlags {
  const flags: RecipeFlags = {};
  if (v.resize !== undefined) flags.resize = numberFlag('resize', v.resize, 0, { integer: true, min: 1 });
  if (v['center-crop'] !== undefined) flags.centerCrop = numberFlag('center-crop', v['center-crop'], 0, { integer: true, min: 1 });
  if (v.mean !== undefined) flags.mean = numberList('mean', v.mean);
  if (v.std !== undefined) flags.std = numberList('std', v.std);
  if (v.scale !== undefined) flags.scale = scaleFlag(v.scale);
  if (v.layout !== undefined) flags.layout = choiceFlag('layout', v.layout, ['NCHW', 'NHWC'] as const, 'NCHW');
  if (v.bgr) flags.bgr = true;
  return flags;
}

/** --labels FILE: a JSON array of names, or one name per line (blank lines skipped). */
export function readLabelsFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ToolError(`--labels ${path}: cannot read (${describeError(error)})`);
  }
  if (text.trimStart().startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new ToolError(`--labels ${path}: not JSON (${describeError(error)})`);
    }
    if (!Array.isArray(parsed) || !parsed.every((l) => typeof l === 'string')) throw new ToolError(`--labels ${path}: expected a JSON array of strings`);
    return parsed;
  }
  const labels = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  if (labels.length === 0) throw new ToolError(`--labels ${path}: holds no labels`);
  return labels;
}
