/**
 * torchvision's ToTensor on 8-bit RGB: HWC bytes → planar CHW float32 in [0, 1].
 *
 * PyTorch computes float32(byte) / 255 as a float32 division. Math.fround(b / 255)
 * gives the same bits: the float64 quotient is correctly rounded and float64 has more
 * than 2·24+2 bits, so rounding it again to float32 cannot double-round. Multiplying
 * by a float32 1/255 instead is off by one ulp for about half of the 256 values.
 */

/** float32(b) / 255 for every byte; a Float32Array stores each as Math.fround. */
const UNIT_OF_BYTE = Float32Array.from({ length: 256 }, (_, b) => b / 255);

function checkLength(fn: string, rgb: Uint8Array, width: number, height: number): void {
  if (rgb.length !== width * height * 3) {
    throw new RangeError(`${fn}: expected ${width}x${height}x3 = ${width * height * 3} bytes, got ${rgb.length}`);
  }
}

/** Interleaved RGB (HWC) → planar CHW, still as bytes (the datasets' storage order). */
export function uint8ChwFromHwc(rgb: Uint8Array, width: number, height: number): Uint8Array {
  checkLength('uint8ChwFromHwc', rgb, width, height);
  const plane = width * height;
  const out = new Uint8Array(plane * 3);
  for (let p = 0, s = 0; p < plane; p++, s += 3) {
    out[p] = rgb[s]!;
    out[plane + p] = rgb[s + 1]!;
    out[2 * plane + p] = rgb[s + 2]!;
  }
  return out;
}

/** Interleaved RGB (HWC) bytes → planar CHW float32, exactly torchvision's ToTensor. */
export function toTensorCHW(rgb: Uint8Array, width: number, height: number): Float32Array {
  checkLength('toTensorCHW', rgb, width, height);
  const plane = width * height;
  const out = new Float32Array(plane * 3);
  for (let p = 0, s = 0; p < plane; p++, s += 3) {
    out[p] = UNIT_OF_BYTE[rgb[s]!]!;
    out[plane + p] = UNIT_OF_BYTE[rgb[s + 1]!]!;
    out[2 * plane + p] = UNIT_OF_BYTE[rgb[s + 2]!]!;
  }
  return out;
}
