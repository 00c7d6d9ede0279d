/**
 * A PNG grid of labelled samples, the seed's `plt.imshow` made into a file: every image
 * is enlarged with nearest-neighbour (so pixels stay pixels, nothing is invented) and
 * its class name is written under it.
 */
import { loadSharp } from '../../image/load-sharp.js';
import { IMAGE_BYTES, IMAGE_SIZE } from '../../image/input-size.js';
import { ToolError } from '../../util/errors.js';
import type { ImageSplit } from '../data/dataset.js';

export interface ContactSheetOptions {
  /** Enlargement factor (default 4: 128×128 per image). */
  scale?: number;
  /** Images per row (default 8). */
  columns?: number;
}

const MARGIN = 6;
const LABEL_HEIGHT = 18;
const BACKGROUND = 255;

/** Layout of the sheet, shared by the pixel copy and the label overlay. */
export function sheetGeometry(count: number, scale: number, columns: number) {
  const cellWidth = IMAGE_SIZE * scale;
  const cellHeight = cellWidth + LABEL_HEIGHT;
  const cols = Math.min(columns, count);
  const rows = Math.ceil(count / cols);
  return {
    cellWidth,
    cellHeight,
    cols,
    rows,
    width: MARGIN + cols * (cellWidth + MARGIN),
    height: MARGIN + rows * (cellHeight + MARGIN),
    cellOrigin: (i: number) => ({ x: MARGIN + (i % cols) * (cellWidth + MARGIN), y: MARGIN + Math.floor(i / cols) * (cellHeight + MARGIN) }),
  };
}

/**
 * The largest sheet drawn: 40 M pixels (120 MB of RGB, plus the label layer sharp
 * renders at the same size). --count 1024 at the default scale is 20 M; at --scale 32
 * it would be 1.1 G pixels (3.5 GB), refused before any allocation.
 */
export const MAX_SHEET_PIXELS = 40_000_000;

/** Throws one line naming the flags when the sheet would exceed MAX_SHEET_PIXELS. */
export function checkSheetSize(count: number, options: Required<ContactSheetOptions>): void {
  const g = sheetGeometry(count, options.scale, options.columns);
  if (g.width * g.height > MAX_SHEET_PIXELS) {
    throw new ToolError(
      `--count ${count} --scale ${options.scale} --columns ${options.columns}: a sheet of ${g.width}x${g.height} = ${(g.width * g.height).toLocaleString('en-US')} pixels, ` +
        `over the limit of ${MAX_SHEET_PIXELS.toLocaleString('en-US')}; lower --count or --scale`,
    );
  }
}

/** The options with defaults applied; throws a one-line error for values out of range. */
export function checkSheetOptions(options: ContactSheetOptions): Required<ContactSheetOptions> {
  const scale = options.scale ?? 4;
  const columns = options.columns ?? 8;
  if (!Number.isInteger(scale) || scale < 1 || scale > 32) throw new ToolError(`--scale ${scale}: expected a whole number from 1 to 32`);
  if (!Number.isInteger(columns) || columns < 1) throw new ToolError(`--columns ${columns}: expected a whole number >= 1`);
  return { scale, columns };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function renderContactSheet(
  split: ImageSplit,
  classNames: readonly string[],
  indices: readonly number[],
  options: ContactSheetOptions = {},
): Promise<Buffer> {
  const { scale, columns } = checkSheetOptions(options);
  if (indices.length === 0) throw new ToolError('preview: no images to show');
  checkSheetSize(indices.length, { scale, columns });
  const g = sheetGeometry(indices.length, scale, columns);

  const canvas = Buffer.alloc(g.width * g.height * 3, BACKGROUND);
  const plane = IMAGE_SIZE * IMAGE_SIZE;
  const labels: string[] = [];
  indices.forEach((index, i) => {
    const { x: x0, y: y0 } = g.cellOrigin(i);
    const base = index * IMAGE_BYTES;
    for (let y = 0; y < g.cellWidth; y++) {
      const srcRow = Math.floor(y / scale) * IMAGE_SIZE;
      for (let x = 0; x < g.cellWidth; x++) {
        const src = base + srcRow + Math.floor(x / scale);
        const dst = ((y0 + y) * g.width + x0 + x) * 3;
        canvas[dst] = split.images[src]!;
        canvas[dst + 1] = split.images[src + plane]!;
        canvas[dst + 2] = split.images[src + 2 * plane]!;
      }
    }
    const name = classNames[split.labels[index]!] ?? `label ${split.labels[index]}`;
    labels.push(
      `<text x="${x0 + g.cellWidth / 2}" y="${y0 + g.cellWidth + LABEL_HEIGHT - 5}" text-anchor="middle">${escapeXml(name)}</text>`,
    );
  });

  const overlay = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${g.width}" height="${g.height}">` +
      `<g font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="13" fill="#222">${labels.join('')}</g></svg>`,
  );
  return (await loadSharp())(canvas, { raw: { width: g.width, height: g.height, channels: 3 } })
    .composite([{ input: overlay, top: 0, left: 0 }])
    .removeAlpha()
    .png()
    .toBuffer();
}
