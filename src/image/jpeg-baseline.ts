/**
 * A fast path for the common JPEG: baseline Huffman, 8-bit, YCbCr 4:2:0 or 4:4:4 (or
 * grey), size a multiple of the MCU, no restart markers. It reproduces libjpeg-turbo's default decoding
 * step by step — the ISLOW integer IDCT, "fancy" triangle upsampling of 4:2:0 chroma,
 * the fixed-point YCbCr→RGB tables — so the bytes equal what sharp and Pillow give
 * (both use libjpeg-turbo), about 10× faster than a sharp call for a 32×32 image.
 *
 * Anything outside that envelope, or anything odd in the data (a bad code, data ending
 * early, an unexpected marker), returns null: the caller then uses the full decoder,
 * which decides what the file is. So this path can be faster, never different.
 */

/** Natural (row-major) index of the k-th coefficient in zigzag order. */
const ZIGZAG = Uint8Array.from([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
  28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
  54, 47, 55, 62, 63,
]);

export interface DecodedRgb {
  rgb: Uint8Array;
  width: number;
  height: number;
}

class Unsupported extends Error {}
const bail = (): never => {
  throw new Unsupported();
};

interface HuffmanTable {
  /** 9-bit lookahead: (code length << 8) | symbol, or 0 when the code is longer. */
  fast: Uint16Array;
  maxCode: Int32Array; // per length 1..16, -1 when no codes
  valPtr: Int32Array;
  minCode: Int32Array;
  symbols: Uint8Array;
}

const LOOKAHEAD = 9;
/**
 * The fast path wins on per-call overhead, which only matters for small images: from
 * about 100×100 up, libjpeg-turbo's SIMD decoding inside sharp is the faster one.
 */
const MAX_FAST_PIXELS = 128 * 128;

function buildHuffman(counts: Uint8Array, symbols: Uint8Array): HuffmanTable {
  const fast = new Uint16Array(1 << LOOKAHEAD);
  const maxCode = new Int32Array(18).fill(-1);
  const valPtr = new Int32Array(17);
  const minCode = new Int32Array(17);
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    valPtr[len] = k;
    minCode[len] = code;
    for (let i = 0; i < counts[len - 1]!; i++, k++, code++) {
      if (len <= LOOKAHEAD) {
        const shift = LOOKAHEAD - len;
        for (let fill = 0; fill < 1 << shift; fill++) fast[(code << shift) | fill] = (len << 8) | symbols[k]!;
      }
    }
    if (counts[len - 1]! > 0) maxCode[len] = code - 1;
    if (code >= 1 << len) bail(); // over-subscribed, or an all-ones code: libjpeg refuses the table
    code <<= 1;
  }
  maxCode[17] = 0x7fffffff;
  return { fast, maxCode, valPtr, minCode, symbols };
}

/** Entropy-coded data: byte stuffing undone; zeros past a marker, counted so misuse shows. */
class BitReader {
  private buf = 0;
  private count = 0;
  private fakeBytes = 0;
  constructor(
    private readonly data: Uint8Array,
    public pos: number,
  ) {}

  private fill(): void {
    while (this.count <= 24) {
      let byte = 0;
      const d = this.data;
      if (this.pos < d.length && !(d[this.pos] === 0xff && d[this.pos + 1] !== 0x00)) {
        byte = d[this.pos]!;
        this.pos += byte === 0xff ? 2 : 1;
      } else this.fakeBytes++;
      this.buf = ((this.buf << 8) | byte) >>> 0;
      this.count += 8;
    }
  }

  bits(n: number): number {
    if (n === 0) return 0;
    if (this.count < n) this.fill();
    this.count -= n;
    const value = (this.buf >>> this.count) & ((1 << n) - 1);
    this.buf &= this.count === 0 ? 0 : 0xffffffff >>> (32 - this.count);
    return value;
  }

  decode(table: HuffmanTable): number {
    if (this.count < 16) this.fill();
    const entry = table.fast[(this.buf >>> (this.count - LOOKAHEAD)) & ((1 << LOOKAHEAD) - 1)]!;
    if (entry !== 0) {
      this.bits(entry >> 8);
      return entry & 0xff;
    }
    let code = this.bits(LOOKAHEAD);
    let len = LOOKAHEAD;
    while (code > table.maxCode[len]!) {
      code = (code << 1) | this.bits(1);
      if (++len > 16) bail();
    }
    return table.symbols[table.valPtr[len]! + code - table.minCode[len]!]!;
  }

  /** Ends the scan: drops the partial byte, bails if real data ran out earlier, leaves `pos` at the next marker. */
  align(): void {
    if (this.fakeBytes * 8 > this.count) bail();
    this.count -= this.count % 8;
    // Give back whole bytes still buffered so `pos` points at the next marker.
    while (this.count >= 8) {
      if (this.fakeBytes > 0) this.fakeBytes--;
      else this.pos -= this.data[this.pos - 1] === 0x00 && this.data[this.pos - 2] === 0xff ? 2 : 1;
      this.count -= 8;
    }
    this.buf = 0;
    this.count = 0;
    this.fakeBytes = 0;
  }
}

/** v's sign-extension for an s-bit magnitude category (JPEG's EXTEND). */
function extend(v: number, s: number): number {
  return v < 1 << (s - 1) ? v - (1 << s) + 1 : v;
}

// libjpeg's jidctint.c constants: FIX(x) = round(x * 2^13).
const F0_298 = 2446, F0_390 = 3196, F0_541 = 4433, F0_765 = 6270, F0_899 = 7373, F1_175 = 9633;
const F1_501 = 12299, F1_847 = 15137, F1_961 = 16069, F2_053 = 16819, F2_562 = 20995, F3_072 = 25172;

/** libjpeg's post-IDCT range limit: value & 1023 → sample (a clamp, wrapping only for junk). */
const IDCT_LIMIT = Uint8Array.from({ length: 1024 }, (_, x) => (x < 128 ? x + 128 : x < 512 ? 255 : x < 896 ? 0 : x - 896));

/** Arithmetic right shift with rounding, exact for any integer below 2^53. */
const descale = (x: number, n: number): number => Math.floor((x + 2 ** (n - 1)) / 2 ** n);

const workspace = new Float64Array(64);
const sums = new Float64Array(8);

/**
 * One 8-point pass of libjpeg's ISLOW IDCT (the LL&M butterfly) over in[at + k*step],
 * leaving the 8 outputs in `sums`, scaled by 2^13 and not yet rounded.
 */
function idctPass(input: ArrayLike<number>, at: number, step: number): void {
  let z2 = input[at + 2 * step]!, z3 = input[at + 6 * step]!;
  let z1 = (z2 + z3) * F0_541;
  let tmp2 = z1 - z3 * F1_847;
  let tmp3 = z1 + z2 * F0_765;
  z2 = input[at]!;
  z3 = input[at + 4 * step]!;
  let tmp0 = (z2 + z3) * 8192;
  let tmp1 = (z2 - z3) * 8192;
  const tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;
  tmp0 = input[at + 7 * step]!;
  tmp1 = input[at + 5 * step]!;
  tmp2 = input[at + 3 * step]!;
  tmp3 = input[at + step]!;
  z1 = tmp0 + tmp3;
  z2 = tmp1 + tmp2;
  z3 = tmp0 + tmp2;
  let z4 = tmp1 + tmp3;
  const z5 = (z3 + z4) * F1_175;
  tmp0 *= F0_298;
  tmp1 *= F2_053;
  tmp2 *= F3_072;
  tmp3 *= F1_501;
  z1 *= -F0_899;
  z2 *= -F2_562;
  z3 = z3 * -F1_961 + z5;
  z4 = z4 * -F0_390 + z5;
  tmp0 += z1 + z3;
  tmp1 += z2 + z4;
  tmp2 += z2 + z3;
  tmp3 += z1 + z4;
  sums[0] = tmp10 + tmp3;
  sums[7] = tmp10 - tmp3;
  sums[1] = tmp11 + tmp2;
  sums[6] = tmp11 - tmp2;
  sums[2] = tmp12 + tmp1;
  sums[5] = tmp12 - tmp1;
  sums[3] = tmp13 + tmp0;
  sums[4] = tmp13 - tmp0;
}

/**
 * libjpeg-turbo's SIMD IDCT (what sharp and Pillow run) works in 16-bit lanes and
 * saturates where the C code here wraps. The two agree while dequantized coefficients
 * stay within ±MAX_EXACT_COEF (valid 8-bit data stays within about ±1,152), the pass-1
 * workspace fits int16 and the final values need no wrapping range limit; corrupt data
 * that leaves those bounds goes to the full decoder.
 */
const MAX_EXACT_COEF = 4095;
const INT16_MAX = 32767;

/**
 * jpeg_idct_islow: dequantized coefficients (natural order) → 8×8 samples at out[offset].
 * Returns false when the block left the range where it equals libjpeg-turbo's SIMD result.
 */
function idctIslow(coef: Int32Array, out: Uint8Array, offset: number, stride: number): boolean {
  const ws = workspace;
  let peak = 0;
  // Pass 1, columns → workspace scaled by 2^PASS1_BITS (2). A column of zero ACs is just its DC.
  for (let c = 0; c < 8; c++) {
    if (coef[8 + c] === 0 && coef[16 + c] === 0 && coef[24 + c] === 0 && coef[32 + c] === 0 && coef[40 + c] === 0 && coef[48 + c] === 0 && coef[56 + c] === 0) {
      const dc = coef[c]! * 4;
      peak = Math.max(peak, Math.abs(dc));
      for (let r = 0; r < 8; r++) ws[r * 8 + c] = dc;
      continue;
    }
    idctPass(coef, c, 8);
    for (let r = 0; r < 8; r++) peak = Math.max(peak, Math.abs((ws[r * 8 + c] = descale(sums[r]!, 11))));
  }
  if (peak > INT16_MAX) return false;
  // Pass 2, rows → samples: undo 2^13, 2^2 and the 8 of the 2-D DCT, then range-limit.
  let wrapped = 0; // nonzero once a value lies outside [-512, 511], where IDCT_LIMIT wraps
  for (let r = 0; r < 8; r++) {
    const w = r * 8;
    const o = offset + r * stride;
    if (ws[w + 1] === 0 && ws[w + 2] === 0 && ws[w + 3] === 0 && ws[w + 4] === 0 && ws[w + 5] === 0 && ws[w + 6] === 0 && ws[w + 7] === 0) {
      const v = descale(ws[w]!, 5);
      wrapped |= (v + 512) & ~1023;
      out.fill(IDCT_LIMIT[v & 1023]!, o, o + 8);
      continue;
    }
    idctPass(ws, w, 1);
    for (let x = 0; x < 8; x++) {
      const v = descale(sums[x]!, 18);
      wrapped |= (v + 512) & ~1023;
      out[o + x] = IDCT_LIMIT[v & 1023]!;
    }
  }
  return wrapped === 0;
}

/**
 * h2v2_fancy_upsample: each chroma sample is weighted 9:3:3:1 with its neighbours, the
 * edges replicated, with libjpeg's alternating +8/+7 rounding.
 */
function upsampleH2V2Fancy(plane: Uint8Array, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * 2 * h * 2);
  for (let row = 0; row < h; row++) {
    const near = row * w;
    for (let v = 0; v < 2; v++) {
      const farRow = v === 0 ? Math.max(row - 1, 0) : Math.min(row + 1, h - 1);
      const far = farRow * w;
      let o = (row * 2 + v) * w * 2;
      let thisSum = plane[near]! * 3 + plane[far]!;
      let lastSum = thisSum;
      for (let col = 0; col < w; col++) {
        const nextSum = col + 1 < w ? plane[near + col + 1]! * 3 + plane[far + col + 1]! : thisSum;
        out[o++] = col === 0 ? (thisSum * 4 + 8) >> 4 : (thisSum * 3 + lastSum + 8) >> 4;
        out[o++] = col === w - 1 ? (thisSum * 4 + 7) >> 4 : (thisSum * 3 + nextSum + 7) >> 4;
        lastSum = thisSum;
        thisSum = nextSum;
      }
    }
  }
  return out;
}

// jdcolor.c's tables: SCALEBITS 16, FIX(x) = round(x * 2^16).
const CR_R = new Int32Array(256), CB_B = new Int32Array(256), CR_G = new Int32Array(256), CB_G = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  const x = i - 128;
  CR_R[i] = (91881 * x + 32768) >> 16;
  CB_B[i] = (116130 * x + 32768) >> 16;
  CR_G[i] = -46802 * x;
  CB_G[i] = -22554 * x + 32768;
}
const clamp8 = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);

interface Component {
  id: number;
  h: number;
  v: number;
  quant: number;
  dc?: HuffmanTable;
  ac?: HuffmanTable;
  plane: Uint8Array;
  stride: number;
  pred: number;
}

/** Decodes `bytes` if it is a JPEG inside the fast path's envelope; null otherwise. */
export function decodeBaselineJpeg(bytes: Uint8Array): DecodedRgb | null {
  try {
    return decode(bytes);
  } catch (err) {
    if (err instanceof Unsupported || err instanceof RangeError) return null;
    throw err;
  }
}

function decode(d: Uint8Array): DecodedRgb | null {
  if (d[0] !== 0xff || d[1] !== 0xd8) return null;
  const quant: (Int32Array | undefined)[] = [];
  const dcTables: (HuffmanTable | undefined)[] = [];
  const acTables: (HuffmanTable | undefined)[] = [];
  let components: Component[] = [];
  let width = 0;
  let height = 0;
  let scanned = false;
  let pos = 2;
  const u16 = (at: number): number => (d[at]! << 8) | d[at + 1]!;

  for (;;) {
    if (d[pos] !== 0xff) bail();
    while (d[pos] === 0xff) pos++;
    if (pos >= d.length) bail();
    const marker = d[pos++]!;
    if (marker === 0xd9) break; // EOI
    if (pos + 2 > d.length) bail();
    const length = u16(pos);
    const end = pos + length;
    if (length < 2 || end > d.length) bail();
    let p = pos + 2;
    if (marker === 0xdb) {
      while (p < end) {
        const precision = d[p]! >> 4, id = d[p]! & 15;
        p++;
        if (p + (precision ? 128 : 64) > end) bail();
        const table = new Int32Array(64);
        for (let k = 0; k < 64; k++) table[k] = precision ? u16(p + 2 * k) : d[p + k]!;
        p += precision ? 128 : 64;
        if (id > 3) bail();
        quant[id] = table;
      }
    } else if (marker === 0xc4) {
      while (p < end) {
        const cls = d[p]! >> 4, id = d[p]! & 15;
        const counts = d.subarray(p + 1, p + 17);
        const total = counts.reduce((a, b) => a + b, 0);
        if (total > 256 || p + 17 + total > end) bail();
        const table = buildHuffman(counts, d.subarray(p + 17, p + 17 + total));
        if (id > 3 || cls > 1) bail();
        (cls === 0 ? dcTables : acTables)[id] = table;
        p += 17 + total;
      }
    } else if (marker === 0xc0 || marker === 0xc1) {
      if (d[p] !== 8 || components.length > 0) bail();
      height = u16(p + 1);
      width = u16(p + 3);
      const n = d[p + 5]!;
      if (p + 6 + 3 * n !== end) bail(); // libjpeg refuses any other length
      for (let i = 0; i < n; i++) {
        const at = p + 6 + 3 * i;
        components.push({ id: d[at]!, h: d[at + 1]! >> 4, v: d[at + 1]! & 15, quant: d[at + 2]!, plane: new Uint8Array(0), stride: 0, pred: 0 });
      }
      components = checkSampling(components, width, height);
    } else if (marker === 0xdd) {
      if (length !== 4 || u16(p) !== 0) bail(); // restart intervals: rare in small files, left to the full decoder
    } else if (marker === 0xda) {
      if (scanned || components.length === 0) bail();
      pos = decodeScan(d, p, end, components, quant, dcTables, acTables, width, height);
      scanned = true;
      continue;
    } else if (marker === 0xee || !((marker >= 0xe0 && marker <= 0xef) || marker === 0xfe)) {
      // Adobe transform, progressive/lossless/arithmetic frames, DNL, hierarchical, and
      // markers libjpeg does not know (it refuses those).
      bail();
    }
    // APPn and COM: skipped.
    pos = end;
  }
  if (!scanned) bail();
  return { rgb: toRgb(components, width, height), width, height };
}

/** Only 4:2:0, 4:4:4 and grey, with sizes that fill whole MCUs, take the fast path. */
function checkSampling(components: Component[], width: number, height: number): Component[] {
  const factors = components.map((c) => `${c.h}x${c.v}`).join(',');
  const mcu = factors === '2x2,1x1,1x1' ? 16 : factors === '1x1,1x1,1x1' || components.length === 1 ? 8 : 0;
  if (mcu === 0 || width === 0 || height === 0 || width % mcu !== 0 || height % mcu !== 0) bail();
  if (width * height > MAX_FAST_PIXELS) bail(); // larger pictures: the full decoder (and its pixel budget)
  const ids = components.map((c) => c.id).join(',');
  if (ids === '82,71,66') bail(); // 'R','G','B': stored as RGB, not YCbCr
  if (components.length === 1) components[0]!.h = components[0]!.v = 1;
  const maxH = components.length === 1 ? 1 : components[0]!.h;
  for (const c of components) {
    c.stride = (width / maxH) * c.h;
    c.plane = new Uint8Array(c.stride * (height / maxH) * c.v);
  }
  return components;
}

function decodeScan(
  d: Uint8Array,
  p: number,
  headerEnd: number,
  components: Component[],
  quant: (Int32Array | undefined)[],
  dcTables: (HuffmanTable | undefined)[],
  acTables: (HuffmanTable | undefined)[],
  width: number,
  height: number,
): number {
  const n = d[p]!;
  if (n !== components.length) bail(); // non-interleaved scans: leave to the full decoder
  if (p + 4 + 2 * n !== headerEnd) bail(); // libjpeg refuses any other length
  const order: Component[] = [];
  for (let i = 0; i < n; i++) {
    const c = components.find((x) => x.id === d[p + 1 + 2 * i]);
    if (!c || order.includes(c)) bail(); // libjpeg refuses a component listed twice
    c!.dc = dcTables[d[p + 2 + 2 * i]! >> 4] ?? bail();
    if (c!.dc.symbols.some((s) => s > 11)) bail(); // over 15 libjpeg refuses the table; 12-15 never occur in 8-bit data
    c!.ac = acTables[d[p + 2 + 2 * i]! & 15] ?? bail();
    if (!quant[c!.quant]) bail();
    order.push(c!);
  }
  const q = p + 1 + 2 * n;
  if (d[q] !== 0 || d[q + 1] !== 63 || d[q + 2] !== 0) bail(); // Ss, Se, Ah/Al of a baseline scan

  const maxH = components[0]!.h;
  const mcusX = width / (8 * maxH);
  const mcusY = height / (8 * maxH);
  const reader = new BitReader(d, headerEnd);
  const coef = new Int32Array(64);
  for (let my = 0; my < mcusY; my++) {
    for (let mx = 0; mx < mcusX; mx++) {
      for (const c of order) {
        const qt = quant[c.quant]!;
        for (let by = 0; by < c.v; by++) {
          for (let bx = 0; bx < c.h; bx++) {
            coef.fill(0);
            const t = reader.decode(c.dc!);
            if (t > 11) bail();
            c.pred += t === 0 ? 0 : extend(reader.bits(t), t);
            const dc = c.pred * qt[0]!;
            if (Math.abs(dc) > MAX_EXACT_COEF) bail();
            coef[0] = dc;
            for (let k = 1; k < 64; ) {
              const rs = reader.decode(c.ac!);
              const r = rs >> 4, s = rs & 15;
              if (s === 0) {
                if (r !== 15) break;
                k += 16;
                continue;
              }
              k += r;
              if (k > 63) bail();
              const value = extend(reader.bits(s), s) * qt[k]!;
              if (Math.abs(value) > MAX_EXACT_COEF) bail();
              coef[ZIGZAG[k]!] = value;
              k++;
            }
            const x = (mx * c.h + bx) * 8;
            const y = (my * c.v + by) * 8;
            if (!idctIslow(coef, c.plane, y * c.stride + x, c.stride)) bail();
          }
        }
      }
    }
  }
  reader.align();
  return reader.pos;
}

function toRgb(components: Component[], width: number, height: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  if (components.length === 1) {
    const grey = components[0]!.plane;
    for (let i = 0; i < width * height; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = grey[i]!;
    return rgb;
  }
  const [y, cb, cr] = components as [Component, Component, Component];
  const subsampled = y.h === 2;
  const cbFull = subsampled ? upsampleH2V2Fancy(cb.plane, width / 2, height / 2) : cb.plane;
  const crFull = subsampled ? upsampleH2V2Fancy(cr.plane, width / 2, height / 2) : cr.plane;
  for (let i = 0; i < width * height; i++) {
    const luma = y.plane[i]!, b = cbFull[i]!, r = crFull[i]!;
    rgb[3 * i] = clamp8(luma + CR_R[r]!);
    rgb[3 * i + 1] = clamp8(luma + ((CB_G[b]! + CR_G[r]!) >> 16));
    rgb[3 * i + 2] = clamp8(luma + CB_B[b]!);
  }
  return rgb;
}
