/**
 * The ImageFolder convention (torchvision): `train/<class>/*` and `test/<class>/*`,
 * possibly under one top folder (`cifar10-jpg/train/...`). The class is the folder name;
 * labels follow CIFAR-10's order when the folders are the ten CIFAR names, sorted order
 * otherwise; files are taken in sorted order within each class, as torchvision does.
 */
import { CIFAR10_CLASSES } from '../../graph/model-spec.js';
import { ToolError } from '../../util/errors.js';
import type { FileTree, TreeFile } from '../../util/archive/file-tree.js';
import { hasImageExtension } from '../../image/list-image-files.js';

export const SPLITS = ['train', 'test'] as const;
export type SplitName = (typeof SPLITS)[number];


export interface LabelledFile {
  file: TreeFile;
  label: number;
}

export interface ImageFolderLayout {
  classNames: string[];
  train: LabelledFile[];
  test: LabelledFile[];
  /** Files inside the split folders that are not images by name (README, .txt, …). */
  notImages: TreeFile[];
}

/** CIFAR-10's label order when the names are exactly its ten classes, sorted otherwise. */
export function classOrder(names: Iterable<string>): string[] {
  const unique = [...new Set(names)];
  const cifar: readonly string[] = CIFAR10_CLASSES;
  if (unique.length === cifar.length && unique.every((n) => cifar.includes(n))) return [...cifar];
  return unique.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Index of the split folder in a path, or -1 when the path is outside both splits. */
function splitIndex(segments: string[]): number {
  return segments.findIndex((s, i) => i < segments.length - 1 && (SPLITS as readonly string[]).includes(s));
}

const byPath = (a: TreeFile, b: TreeFile): number => {
  const x = a.segments.join('/');
  const y = b.segments.join('/');
  return x < y ? -1 : x > y ? 1 : 0;
};

export function planImageFolder(tree: FileTree): ImageFolderLayout {
  let rootPrefix: string | null = null;
  const checkRoot = (prefix: string[]): void => {
    const joined = prefix.join('/');
    rootPrefix ??= joined;
    if (joined !== rootPrefix) {
      throw new ToolError(`${tree.root}: two dataset roots ("${rootPrefix || '.'}" and "${joined || '.'}"); keep one train/ and one test/`);
    }
  };

  // split -> class -> files; folders count too, so an empty class folder is noticed.
  const classes: Record<SplitName, Map<string, TreeFile[]>> = { train: new Map(), test: new Map() };
  for (const folder of tree.folders) {
    const i = splitIndex(folder);
    if (i === -1 || folder.length !== i + 2) continue;
    checkRoot(folder.slice(0, i));
    const split = folder[i] as SplitName;
    if (!classes[split].has(folder[i + 1]!)) classes[split].set(folder[i + 1]!, []);
  }

  const notImages: TreeFile[] = [];
  for (const file of tree.files) {
    const i = splitIndex(file.segments);
    if (i === -1) continue; // outside train/ and test/: a README or licence at the top
    checkRoot(file.segments.slice(0, i));
    const name = file.segments[file.segments.length - 1]!;
    if (name.startsWith('.')) continue; // .DS_Store, ._AppleDouble and the like
    const inClassFolder = file.segments.length >= i + 3;
    if (!inClassFolder || !hasImageExtension(name)) {
      notImages.push(file);
      continue;
    }
    const split = file.segments[i] as SplitName;
    const className = file.segments[i + 1]!;
    const list = classes[split].get(className) ?? [];
    list.push(file);
    classes[split].set(className, list);
  }

  for (const split of SPLITS) {
    if (classes[split].size === 0) {
      throw new ToolError(`${tree.root}: no ${split}/<class>/ folders found (expected train/<class>/*.jpg and test/<class>/*.jpg)`);
    }
  }
  const classNames = classOrder([...classes.train.keys(), ...classes.test.keys()]);
  const labelled = (split: SplitName): LabelledFile[] => {
    const out: LabelledFile[] = [];
    classNames.forEach((className, label) => {
      const files = classes[split].get(className);
      const where = rootPrefix ? `${rootPrefix}/${split}/${className}` : `${split}/${className}`;
      if (!files) throw new ToolError(`${tree.root}: class "${className}" has no folder ${where} (every class needs images in train/ and test/)`);
      if (files.length === 0) throw new ToolError(`${tree.root}: class folder ${where} has no images`);
      for (const file of files.sort(byPath)) out.push({ file, label });
    });
    return out;
  };
  return { classNames, train: labelled('train'), test: labelled('test'), notImages };
}
