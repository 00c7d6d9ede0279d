/**
 * Pillow's `Image.convert('RGB')` for the image modes a decoder can hand back.
 *
 * Each function takes raw interleaved samples with `channels` per pixel and returns
 * 8-bit RGB. They copy Pillow's choices, not colour science: alpha is dropped, not
 * composited; CMYK uses Pillow's naive formula, not a profile; 16-bit greyscale is
 * clipped at 255, not scaled (a long-standing Pillow behaviour that torchvision
 * inherits). test/fixtures/pillow/images.json holds Pillow's output for each case.
 */

/**
 * Grey (1, 2 channels) or RGB (3, 4): grey is replicated, alpha is discarded.
 * RGB input comes back as a plain Uint8Array view of the same memory (no copy).
 */
export function rgbDroppingAlpha(samples: Uint8Array, channels: number): Uint8Array {
  if (channels === 3) return new Uint8Array(samples.buffer, samples.byteOffset, samples.length);
  const pixels = samples.length / channels;
  const out = new Uint8Array(pixels * 3);
  if (channels >= 3) {
    for (let p = 0, s = 0, o = 0; p < pixels; p++, s += channels, o += 3) {
      out[o] = samples[s]!;
      out[o + 1] = samples[s + 1]!;
      out[o + 2] = samples[s + 2]!;
    }
  } else {
    for (let p = 0, s = 0, o = 0; p < pixels; p++, s += channels, o += 3) {
      out[o] = out[o + 1] = out[o + 2] = samples[s]!;
    }
  }
  return out;
}

/** Pillow's a·b/255 rounded, in integers (its MULDIV255 macro). */
function mulDiv255(a: number, b: number): number {
  const t = a * b + 128;
  return ((t >> 8) + t) >> 8;
}

/** CMYK (4 channels, or 5 with alpha) → RGB: each of R,G,B = (255-K) - C·(255-K)/255. */
export function rgbFromCmyk(samples: Uint8Array, channels: number): Uint8Array {
  const pixels = samples.length / channels;
  const out = new Uint8Array(pixels * 3);
  for (let p = 0, s = 0, o = 0; p < pixels; p++, s += channels, o += 3) {
    const notK = 255 - samples[s + 3]!;
    out[o] = notK - mulDiv255(samples[s]!, notK);
    out[o + 1] = notK - mulDiv255(samples[s + 1]!, notK);
    out[o + 2] = notK - mulDiv255(samples[s + 2]!, notK);
  }
  return out;
}

/** 16-bit grey → RGB the way Pillow does it (mode "I" → "RGB"): values above 255 clip. */
export function rgbFromGrey16Clipped(samples: Uint16Array, channels: number): Uint8Array {
  const pixels = samples.length / channels;
  const out = new Uint8Array(pixels * 3);
  for (let p = 0, s = 0, o = 0; p < pixels; p++, s += channels, o += 3) {
    out[o] = out[o + 1] = out[o + 2] = Math.min(255, samples[s]!);
  }
  return out;
}
