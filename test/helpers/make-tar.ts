/**
 * Writes small tar archives for tests, including ones no honest tool would make
 * (absolute names, `..`, links), so the reader's defences can be exercised.
 */
import { gzipSync } from 'node:zlib';

export interface TarItem {
  path: string;
  data?: Uint8Array | string;
  type?: 'file' | 'dir' | 'symlink' | 'hardlink';
  link?: string;
}

const TYPE_FLAG = { file: '0', dir: '5', symlink: '2', hardlink: '1' } as const;

function header(name: string, size: number, flag: string, link = ''): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write(flag === '5' ? '0000755\0' : '0000644\0', 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  h.write('00000000000\0', 136, 'latin1');
  h.write(flag, 156, 'latin1');
  h.write(link, 157, 100, 'utf8');
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

function padded(data: Buffer): Buffer {
  return Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}

export function makeTar(items: TarItem[]): Buffer {
  const parts: Buffer[] = [];
  for (const item of items) {
    const data = Buffer.from(item.data ?? '');
    const flag = TYPE_FLAG[item.type ?? 'file'];
    if (Buffer.byteLength(item.path) > 100) {
      // GNU long name: a 'L' entry carrying the name, then the real header.
      const name = Buffer.from(`${item.path}\0`);
      parts.push(header('././@LongLink', name.length, 'L'), padded(name));
    }
    parts.push(header(item.path.slice(0, 100), data.length, flag, item.link), padded(data));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export function makeTarGz(items: TarItem[]): Buffer {
  return gzipSync(makeTar(items));
}
