/**
 * How image files become a given model's input (predict, verify-parity): the model's
 * image input ([N,C,H,W] or [N,H,W,C], C = 1 or 3) fixes size, channels and layout;
 * flags choose the rest (torchvision's vocabulary: --resize 256 --center-crop 224,
 * --mean/--std, --scale, --bgr); our own models' `preprocessing` metadata fills what the
 * flags leave out; the default is LeNet's: a straight Pillow resize to the model's size
 * and ToTensor (x/255), no normalisation.
 */
import { METADATA_KEYS } from '../export/metadata.js';
import type { ImageRecipe } from '../image/image-recipe.js';
import { ToolError } from '../util/errors.js';
import { describeInputs, type ImageLayout, type ModelIO } from './model-io.js';

export interface RecipeFlags {
  resize?: number;
  centerCrop?: number;
  mean?: number[];
  std?: number[];
  scale?: ImageRecipe['scale'];
  layout?: ImageLayout;
  bgr?: boolean;
}

/** What our exporter writes under `preprocessing` (src/export/metadata.ts). */
interface WrittenPreprocessing {
  layout?: unknown;
  mean?: unknown;
  std?: unknown;
}

function numbers(value: unknown): number[] | null {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number' && Number.isFinite(v)) ? value : null;
}

function writtenPreprocessing(io: ModelIO): WrittenPreprocessing {
  const raw = io.metadata[METADATA_KEYS.preprocessing];
  if (raw === undefined) return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as WrittenPreprocessing) : {};
  } catch {
    return {};
  }
}

/** The recipe, its input's name, and one line saying what it does (for reports). */
export function recipeForModel(io: ModelIO, flags: RecipeFlags, source: string): { input: string; recipe: ImageRecipe; description: string } {
  const image = io.image;
  if (!image) throw new ToolError(`${source}: takes no image input ([N,C,H,W] or [N,H,W,C] with C = 1 or 3); it takes ${describeInputs(io)}`);
  const others = io.inputs.filter((i) => i.name !== image.name);
  if (others.length > 0) throw new ToolError(`${source}: images feed "${image.name}", but the model also takes ${others.map((i) => `"${i.name}"`).join(', ')}: give every input with --input NAME=FILE instead`);
  const written = writtenPreprocessing(io);
  const crop = flags.centerCrop;
  if (crop !== undefined && flags.resize === undefined) throw new ToolError('--center-crop needs --resize (torchvision: Resize(256), then CenterCrop(224))');
  const fixed = (d: number | string | null, what: string) => {
    if (typeof d === 'number') {
      if (crop !== undefined && crop !== d) throw new ToolError(`--center-crop ${crop}: the model's image input "${image.name}" is ${d} ${what}`);
      return d;
    }
    if (crop !== undefined) return crop;
    throw new ToolError(`${source}: the image ${what} of "${image.name}" is not fixed (${d ?? '?'}): give it with --resize N --center-crop N`);
  };
  const recipe: ImageRecipe = {
    width: fixed(image.width, 'wide'),
    height: fixed(image.height, 'high'),
    channels: image.channels,
    layout: flags.layout ?? image.layout,
    resize: flags.resize ?? null,
    scale: flags.scale ?? { divide: 255 },
    mean: flags.mean ?? numbers(written.mean),
    std: flags.std ?? numbers(written.std),
    bgr: flags.bgr ?? false,
  };
  for (const [name, v] of [['mean', recipe.mean], ['std', recipe.std]] as const) {
    if (v && v.length !== 1 && v.length !== recipe.channels) throw new ToolError(`--${name}: give 1 or ${recipe.channels} values for a ${recipe.channels}-channel image, not ${v.length}`);
  }
  if (recipe.std?.some((s) => s === 0)) throw new ToolError('--std: a standard deviation of 0 would divide by zero');
  return { input: image.name, recipe, description: describeRecipe(recipe) };
}

export function describeRecipe(r: ImageRecipe): string {
  const steps = [
    r.resize === null ? `Pillow bilinear resize to ${r.width}x${r.height}` : `Pillow bilinear resize of the shorter side to ${r.resize}, center crop ${r.width}x${r.height}`,
    r.channels === 1 ? 'grey (Pillow convert L)' : r.bgr ? 'BGR' : 'RGB',
    'divide' in r.scale ? `x/${r.scale.divide}` : `x*${r.scale.multiply}`,
    ...(r.mean ? [`minus mean [${r.mean.join(', ')}]`] : []),
    ...(r.std ? [`over std [${r.std.join(', ')}]`] : []),
    r.layout,
  ];
  return steps.join(', ');
}
