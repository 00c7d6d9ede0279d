import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { decodeImageRgb } from '../../src/image/decode.js';
import { ToolError } from '../../src/util/errors.js';
import { PILLOW_IMAGES_DIR } from './pillow-fixtures.js';

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid-looking 100000×100000 RGB PNG header over a few bytes of data: a bomb. */
function bombPng(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(100_000, 0);
  ihdr.writeUInt32BE(100_000, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(1000))),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

let dir: string;
const at = (name: string) => join(dir, name);
/** `^<path>: not a readable image (<any reason>)$`, the path matched literally. */
const unreadable = (name: string, reason = '.+') =>
  new RegExp(`^${at(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a readable image \\(${reason}\\)$`);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preprocess-bad-'));
  const jpeg = await readFile(`${PILLOW_IMAGES_DIR}photo-baseline.jpg`);
  const bmp = await readFile(`${PILLOW_IMAGES_DIR}photo-24bit.bmp`);
  const rleBmp = Buffer.from(bmp);
  rleBmp.writeUInt16LE(8, 28); // 8 bits per pixel ...
  rleBmp.writeUInt32LE(1, 30); // ... BI_RLE8
  await writeFile(at('empty.jpg'), new Uint8Array(0));
  await writeFile(at('truncated.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 2)));
  const png = await readFile(`${PILLOW_IMAGES_DIR}photo-rgb.png`);
  await writeFile(at('truncated.png'), png.subarray(0, Math.floor(png.length / 2)));
  await writeFile(at('notes.jpg'), 'this is a text file, not a photo\n');
  await writeFile(at('bomb.png'), bombPng());
  await writeFile(at('truncated.bmp'), bmp.subarray(0, bmp.length - 100));
  await writeFile(at('rle.bmp'), rleBmp);
  await mkdir(at('folder.png'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The decode must fail with a one-line ToolError that starts with the file's name. */
async function failure(input: string | Uint8Array, options = {}): Promise<string> {
  const error = await decodeImageRgb(input, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ToolError);
  const message = (error as ToolError).message;
  expect(message).not.toContain('\n');
  return message;
}

describe('bad image inputs give one-line errors naming the file', () => {
  it('zero-byte file', async () => {
    expect(await failure(at('empty.jpg'))).toBe(`${at('empty.jpg')}: not a readable image (empty file)`);
  });

  it('truncated JPEG', async () => {
    expect(await failure(at('truncated.jpg'))).toMatch(unreadable('truncated.jpg'));
  });

  it('truncated PNG', async () => {
    expect(await failure(at('truncated.png'))).toMatch(unreadable('truncated.png'));
  });

  it('text file named .jpg', async () => {
    expect(await failure(at('notes.jpg'))).toMatch(unreadable('notes.jpg', '.*unsupported image format.*'));
  });

  it('PNG header declaring 100000x100000 pixels (decompression bomb)', async () => {
    expect(await failure(at('bomb.png'))).toBe(
      `${at('bomb.png')}: image is 100000x100000 = 10000000000 pixels, over the limit of 178956970` +
        ' (refusing a possible decompression bomb; raise maxPixels if the image is genuine)',
    );
  });

  it('a real image over a lowered pixel limit', async () => {
    const message = await failure(`${PILLOW_IMAGES_DIR}photo-rgb.png`, { maxPixels: 1000 });
    expect(message).toBe(
      `${PILLOW_IMAGES_DIR}photo-rgb.png: image is 64x48 = 3072 pixels, over the limit of 1000` +
        ' (refusing a possible decompression bomb; raise maxPixels if the image is genuine)',
    );
  });

  it('missing file and directory', async () => {
    expect(await failure(at('missing.jpg'))).toBe(`${at('missing.jpg')}: no such file`);
    expect(await failure(at('folder.png'))).toBe(`${at('folder.png')}: is a directory, not an image file`);
  });

  it('truncated and unsupported BMPs', async () => {
    expect(await failure(at('truncated.bmp'))).toBe(`${at('truncated.bmp')}: not a readable image (BMP pixel data is truncated)`);
    expect(await failure(at('rle.bmp'))).toBe(
      `${at('rle.bmp')}: not a readable image (unsupported BMP variant: 8-bit, compression 1; convert it to PNG)`,
    );
  });

  it('bytes are named by sourceName', async () => {
    expect(await failure(new Uint8Array([1, 2, 3]), { sourceName: 'upload.jpg' })).toMatch(/^upload\.jpg: not a readable image \(/);
  });
});
