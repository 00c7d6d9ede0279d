/** Mean softmax cross-entropy (PyTorch's CrossEntropyLoss), computed log-sum-exp stable. */
import { record } from '../autograd.js';
import { formatShape } from '../format-shape.js';
import { Tensor } from '../tensor.js';

/** `labels` holds class indices ([N]); returns a scalar tensor. */
export function softmaxCrossEntropy(logits: Tensor, labels: Tensor): Tensor {
  if (logits.shape.length !== 2)
    throw new Error(`softmaxCrossEntropy: logits ${formatShape(logits.shape)} must be 2-D [N,classes]`);
  const [batch, classes] = logits.shape as [number, number];
  if (labels.shape.length !== 1 || labels.shape[0] !== batch)
    throw new Error(`softmaxCrossEntropy: labels ${formatShape(labels.shape)} must be [${batch}] for logits ${formatShape(logits.shape)}`);
  const be = logits.backend;
  const { loss: ls, probs: ps } = be.softmaxCrossEntropy(logits.storage, labels.storage, batch, classes);
  const probs = new Tensor(be, logits.shape, ps);
  const loss = new Tensor(be, [1], ls);
  return record(loss, 'softmaxCrossEntropy', [logits], (dloss) => [
    be.softmaxCrossEntropyBackward(probs.storage, labels.storage, dloss, batch, classes),
  ]);
}
