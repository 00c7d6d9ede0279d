export { conv2d, conv2dGeometry, type Conv2dOptions } from './conv2d.js';
export { conv2dMaxPool } from './conv2d-maxpool.js';
export { maxPool2d, pool2dGeometry, type MaxPool2dOptions } from './maxpool2d.js';
export { sigmoid, relu } from './activations.js';
export { linear } from './linear.js';
export { reshape, flatten } from './reshape.js';
export { softmax } from './softmax.js';
export { softmaxCrossEntropy } from './softmax-cross-entropy.js';
