/**
 * The one shape every data source produces: uint8 images in NCHW order
 * ([N,3,32,32], planar R then G then B, like the CIFAR binary) plus labels.
 */

export interface ImageSplit {
  /** N*3*32*32 bytes, image-major, then channel (R,G,B), then row, then column. */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export interface Dataset {
  classNames: string[];
  train: ImageSplit;
  test: ImageSplit;
  /** Human-readable origin, e.g. "archive ../shared/data/cifar10-jpg.tar.gz (cache hit)". */
  source: string;
}
