/** Tar header blocks: where they are, and rewriting a field with a valid checksum. */
const BLOCK = 512;

export interface TarHeaderAt {
  at: number;
  size: number;
  flag: string;
}

function octal(block: Uint8Array, start: number, length: number): number {
  const text = Buffer.from(block.subarray(start, start + length)).toString('latin1').replace(/[\0 ]+$/g, '').trim();
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : 0;
}

/** Headers found by walking the archive from the start (stops at the end marker or junk). */
export function tarHeaders(tar: Uint8Array): TarHeaderAt[] {
  const headers: TarHeaderAt[] = [];
  let at = 0;
  while (at + BLOCK <= tar.length) {
    const block = tar.subarray(at, at + BLOCK);
    if (block.every((b) => b === 0)) break;
    const size = octal(block, 124, 12);
    headers.push({ at, size, flag: String.fromCharCode(block[156]!) });
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return headers;
}

/** Recompute the header checksum so a lie in another field gets past it. */
export function fixChecksum(tar: Uint8Array, at: number): void {
  const block = tar.subarray(at, at + BLOCK);
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  block.set(Buffer.from(`${sum.toString(8).padStart(6, '0')}\0 `, 'latin1'), 148);
}

/** Write a size as 11 octal digits, or GNU base-256 when it does not fit. */
export function writeSizeField(tar: Uint8Array, at: number, size: number): void {
  const field = tar.subarray(at + 124, at + 136);
  if (size < 8 ** 11) {
    field.set(Buffer.from(`${size.toString(8).padStart(11, '0')}\0`, 'latin1'));
  } else {
    let v = BigInt(size);
    for (let i = 11; i >= 1; i--, v >>= 8n) field[i] = Number(v & 0xffn);
    field[0] = 0x80;
  }
  fixChecksum(tar, at);
}

/** Write a NUL-padded text field (name at 0/100, link target at 157/100, prefix at 345/155). */
export function writeTextField(tar: Uint8Array, at: number, start: number, length: number, text: string): void {
  const field = tar.subarray(at + start, at + start + length);
  field.fill(0);
  field.set(Buffer.from(text, 'utf8').subarray(0, length));
  fixChecksum(tar, at);
}
