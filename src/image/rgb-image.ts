/** A decoded picture: interleaved 8-bit RGB (HWC), row-major, no padding. */
export interface RgbImage {
  /** width * height * 3 bytes: R, G, B of pixel (0,0), then (1,0), ... */
  rgb: Uint8Array;
  width: number;
  height: number;
}
