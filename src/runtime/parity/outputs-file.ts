/**
 * Model outputs saved as JSON, so runs made elsewhere (PyTorch, another machine, an
 * older release) can be compared with ours: `verify-parity --save-outputs f.json`
 * writes one, `--reference-outputs f.json` compares every runtime against one.
 *
 * Format (one object; only the outputs are required when reading):
 *
 *     {
 *       "format": "lenet-portable/outputs@1",
 *       "model": "models/lenet.onnx",          // informational
 *       "runtime": "engine-cpu",                // informational: who computed them
 *       "provider": "lenet-portable engine, cpu: …",
 *       "preprocessing": "…",                   // informational, free text
 *       "images": ["cat.jpg", "dog.png"],       // optional: one name per row
 *       "logits": [[1.25, -0.5, …], [...]]      // or "probabilities": [[...]]
 *     }
 *
 *  - Exactly one of "logits" / "probabilities": one row per image, all rows of the same
 *    length (the classes), in the order the images were given. It must be the kind of
 *    output the model's compared output is (logits when the model exposes them).
 *  - Numbers are float32 values written as JSON numbers (a float32 converts to a double
 *    exactly, so nothing is lost); NaN and ±Infinity are written as the strings "NaN",
 *    "Infinity", "-Infinity".
 *  - "images", when present, must match the images being checked: equal names, or one a
 *    path suffix of the other ("cifar10-jpg/test/cat/0001.jpg" matches
 *    "/tmp/x/cifar10-jpg/test/cat/0001.jpg"). Without "images" only the count is checked.
 *
 * PyTorch users write it with
 *     json.dump({"images": names, "logits": model(x).tolist()}, f)
 */
import { readFile } from 'node:fs/promises';
import { ToolError } from '../../util/errors.js';
import { writeFileAtomic } from '../../util/atomic-file.js';
import type { OutputKind } from '../model-io.js';

export const OUTPUTS_FORMAT = 'lenet-portable/outputs@1';

export interface SavedOutputs {
  kind: OutputKind;
  images: string[] | null;
  rows: number;
  classes: number;
  /** rows·classes values, row-major. */
  values: Float32Array;
  /** Who produced them, when the file says ("runtime", else "provider"). */
  producedBy: string | null;
  model: string | null;
}

function jsonNumber(v: number): number | string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return v;
}

function fromJsonNumber(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return null;
}

export interface OutputsToSave {
  model: string | null;
  runtime: string;
  provider: string;
  preprocessing: string;
  images: readonly string[];
  kind: OutputKind;
  values: Float32Array;
  classes: number;
}

export function formatOutputsFile(o: OutputsToSave): string {
  const rows = Array.from({ length: o.images.length }, (_, r) =>
    Array.from(o.values.subarray(r * o.classes, (r + 1) * o.classes), jsonNumber),
  );
  // One row per line: big files stay diffable and greppable.
  const head = JSON.stringify(
    { format: OUTPUTS_FORMAT, model: o.model, runtime: o.runtime, provider: o.provider, preprocessing: o.preprocessing, images: o.images },
    null,
    2,
  ).replace(/\n}$/, '');
  return `${head},\n  "${o.kind}": [\n${rows.map((r) => `    ${JSON.stringify(r)}`).join(',\n')}\n  ]\n}\n`;
}

export function saveOutputsFile(path: string, o: OutputsToSave): void {
  writeFileAtomic(path, new TextEncoder().encode(formatOutputsFile(o)));
}

export function parseOutputsFile(text: string, source: string): SavedOutputs {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ToolError(`${source}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ToolError(`${source}: expected a JSON object with "logits" or "probabilities"`);
  const o = json as Record<string, unknown>;
  const kinds = (['logits', 'probabilities'] as const).filter((k) => o[k] !== undefined);
  if (kinds.length !== 1) throw new ToolError(`${source}: expected exactly one of "logits" or "probabilities"`);
  const kind = kinds[0]!;
  const table = o[kind];
  if (!Array.isArray(table) || table.length === 0) throw new ToolError(`${source}: "${kind}" must be a non-empty array of rows`);
  const classes = Array.isArray(table[0]) ? table[0].length : 0;
  if (classes === 0) throw new ToolError(`${source}: "${kind}"[0] must be a non-empty array of numbers`);
  const values = new Float32Array(table.length * classes);
  table.forEach((row: unknown, r) => {
    if (!Array.isArray(row) || row.length !== classes) throw new ToolError(`${source}: "${kind}"[${r}] must hold ${classes} numbers like row 0`);
    row.forEach((v: unknown, c) => {
      const n = fromJsonNumber(v);
      if (n === null) throw new ToolError(`${source}: "${kind}"[${r}][${c}] is not a number`);
      values[r * classes + c] = n;
    });
  });
  let images: string[] | null = null;
  if (o.images !== undefined) {
    if (!Array.isArray(o.images) || !o.images.every((n) => typeof n === 'string')) throw new ToolError(`${source}: "images" must be an array of strings`);
    if (o.images.length !== table.length) throw new ToolError(`${source}: ${o.images.length} image names for ${table.length} rows of "${kind}"`);
    images = o.images as string[];
  }
  const textField = (key: string) => (typeof o[key] === 'string' && o[key] !== '' ? (o[key] as string) : null);
  return { kind, images, rows: table.length, classes, values, producedBy: textField('runtime') ?? textField('provider'), model: textField('model') };
}

export async function loadOutputsFile(path: string): Promise<SavedOutputs> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ToolError(code === 'ENOENT' ? `${path}: no such outputs file` : `${path}: cannot read (${code})`);
  }
  return parseOutputsFile(text, path);
}

function sameImage(a: string, b: string): boolean {
  const x = a.replaceAll('\\', '/');
  const y = b.replaceAll('\\', '/');
  return x === y || x.endsWith(`/${y}`) || y.endsWith(`/${x}`);
}

/** Throws a ToolError naming the first row whose image differs from ours, or a count mismatch. */
export function checkSavedOutputsMatch(saved: SavedOutputs, ours: readonly string[], source: string): void {
  if (saved.rows !== ours.length) {
    throw new ToolError(`${source}: holds outputs for ${saved.rows} images, but ${ours.length} are being checked (use --count ${saved.rows} or the same image list)`);
  }
  if (!saved.images) return;
  const at = saved.images.findIndex((name, i) => !sameImage(name, ours[i]!));
  if (at >= 0) throw new ToolError(`${source}: row ${at} is "${saved.images[at]}", but image ${at} here is "${ours[at]}"`);
}
