/** Section 1: images picked or dropped → both runtimes' top 3, newest first. */
import { describeError } from '../../../src/util/errors.js';
import { preprocessRgb } from '../../../src/image/preprocess-rgb.js';
import { byId } from '../dom.js';
import { inspection } from '../inspection.js';
import type { Classifier } from './classifier.js';
import { decodeImageFile } from './decode-image.js';
import { failedCard, maxAbsDifference, predictionCard } from './prediction-card.js';

export interface ClassifyContext {
  /** The current model's classifier and labels, or null while none is loaded. */
  current(): { classifier: Classifier; labels: string[]; engineTitle: string } | null;
}

async function classifyFile(file: File, context: ClassifyContext): Promise<HTMLLIElement> {
  const current = context.current();
  if (!current) return failedCard(file, 'No model is loaded yet: load an ONNX model first.');
  try {
    const { rgb32, tensor } = preprocessRgb(await decodeImageFile(file));
    const { ort, engine } = await current.classifier.classify(tensor);
    inspection.classifications.push({
      file: file.name, tensor: [...tensor], ortLogits: [...ort], engineLogits: [...engine], maxLogitDifference: maxAbsDifference(ort, engine),
    });
    return predictionCard({ file, rgb32, ort, engine, labels: current.labels, ortTitle: 'onnxruntime-web (wasm)', engineTitle: current.engineTitle });
  } catch (error) {
    return failedCard(file, `Could not classify this file: ${describeError(error)}`);
  }
}

export function setUpClassify(context: ClassifyContext): { clear(): void } {
  const list = byId<HTMLOListElement>('predictions');
  const zone = byId('drop-zone');
  const input = byId<HTMLInputElement>('image-files');
  // One file at a time, in order, so cards appear as their results arrive.
  let queue = Promise.resolve();
  const add = (files: Iterable<File>) => {
    for (const file of files) queue = queue.then(async () => void list.prepend(await classifyFile(file, context)));
  };
  input.addEventListener('change', () => {
    add([...(input.files ?? [])]);
    input.value = '';
  });
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    add([...(event.dataTransfer?.files ?? [])].filter((f) => f.type.startsWith('image/') || f.type === ''));
  });
  return { clear: () => list.replaceChildren() };
}
