/**
 * The palette colour behind a GIF's transparent index, for its first frame.
 *
 * Pillow's convert('RGB') ignores GIF transparency and shows that palette colour;
 * libvips (sharp) decodes transparent pixels as (0,0,0,0). Knowing the colour lets the
 * decoder put back what Pillow shows. Only headers and block lengths are walked; the
 * LZW pixel data itself is skipped, not decoded.
 */

export type Rgb = readonly [number, number, number];

/** Offset just past a chain of GIF data sub-blocks (each: length byte, bytes; 0 ends). */
function skipSubBlocks(gif: Uint8Array, at: number): number {
  while (at < gif.length && gif[at] !== 0) at += gif[at]! + 1;
  return at + 1;
}

function colourTableSize(packed: number): number {
  return 3 * 2 ** ((packed & 0x07) + 1);
}

/**
 * The transparent colour of the first frame, or undefined when the file is not a GIF,
 * the first frame has no transparency, or the headers end early (the caller then keeps
 * the decoder's pixels as they are).
 */
export function gifTransparentColour(gif: Uint8Array): Rgb | undefined {
  const signature = String.fromCharCode(...gif.subarray(0, 6));
  if (signature !== 'GIF87a' && signature !== 'GIF89a') return undefined;
  const screenPacked = gif[10] ?? 0;
  let at = 13;
  let globalTable: { start: number; bytes: number } | undefined;
  if (screenPacked & 0x80) {
    globalTable = { start: at, bytes: colourTableSize(screenPacked) };
    at += globalTable.bytes;
  }
  let transparentIndex: number | undefined;
  while (at < gif.length) {
    const block = gif[at];
    if (block === 0x21) {
      // Extension: a Graphic Control Extension (label 0xF9) carries the transparency.
      const label = gif[at + 1];
      if (label === 0xf9 && gif[at + 2] === 4 && (gif[at + 3]! & 0x01)) transparentIndex = gif[at + 6];
      at = skipSubBlocks(gif, at + 2);
    } else if (block === 0x2c) {
      if (transparentIndex === undefined) return undefined;
      const framePacked = gif[at + 9] ?? 0;
      const table = framePacked & 0x80 ? { start: at + 10, bytes: colourTableSize(framePacked) } : globalTable;
      if (table === undefined || transparentIndex * 3 >= table.bytes) return undefined;
      const entry = table.start + transparentIndex * 3;
      if (entry + 3 > gif.length) return undefined;
      return [gif[entry]!, gif[entry + 1]!, gif[entry + 2]!];
    } else {
      return undefined; // trailer or garbage before the first frame
    }
  }
  return undefined;
}
