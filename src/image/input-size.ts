/** The model input every image becomes: 32×32 pixels, 3 channels (R, G, B). */
export const IMAGE_SIZE = 32;
export const IMAGE_CHANNELS = 3;
export const IMAGE_BYTES = IMAGE_SIZE * IMAGE_SIZE * IMAGE_CHANNELS;
