import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { centerCropBox, fitImage, imageTensor, shorterSideTo, type ImageRecipe } from '../../src/image/image-recipe.js';

interface Case { shape: number[]; values: number[] }
const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/image-recipe/recipe.json'), 'utf8')) as { width: number; height: number; rgb: number[]; imagenet: Case; grey: Case };
const image = { rgb: Uint8Array.from(fixture.rgb), width: fixture.width, height: fixture.height };

describe('the image recipe reproduces torchvision bit for bit', () => {
  it('ImageNet: Resize(12), CenterCrop(9), ToTensor, Normalize', () => {
    const recipe: ImageRecipe = {
      width: 9, height: 9, channels: 3, layout: 'NCHW', resize: 12, scale: { divide: 255 },
      mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], bgr: false,
    };
    const t = imageTensor(fitImage(image, recipe), recipe);
    expect(Array.from(t)).toEqual(fixture.imagenet.values.map(Math.fround));
  });

  it('one channel: Resize((9, 7)), Grayscale, ToTensor', () => {
    const recipe: ImageRecipe = { width: 7, height: 9, channels: 1, layout: 'NCHW', resize: null, scale: { divide: 255 }, mean: null, std: null, bgr: false };
    expect(Array.from(imageTensor(fitImage(image, recipe), recipe))).toEqual(fixture.grey.values.map(Math.fround));
  });

  it('NHWC and BGR lay the same values out differently', () => {
    const base: ImageRecipe = { width: 2, height: 1, channels: 3, layout: 'NCHW', resize: null, scale: { multiply: 1 }, mean: null, std: null, bgr: false };
    const pixels = { rgb: Uint8Array.from([1, 2, 3, 4, 5, 6]), width: 2, height: 1 };
    expect(Array.from(imageTensor(pixels, base))).toEqual([1, 4, 2, 5, 3, 6]);
    expect(Array.from(imageTensor(pixels, { ...base, layout: 'NHWC' }))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(imageTensor(pixels, { ...base, layout: 'NHWC', bgr: true }))).toEqual([3, 2, 1, 6, 5, 4]);
  });
});

describe('torchvision geometry', () => {
  it('Resize(256) keeps the aspect, truncating; CenterCrop rounds halves to even as Python does', () => {
    expect(shorterSideTo(500, 375, 256)).toEqual({ width: 341, height: 256 });
    expect(shorterSideTo(375, 500, 256)).toEqual({ width: 256, height: 341 });
    expect(centerCropBox(341, 256, 224, 224)).toEqual({ left: 58, top: 16 }); // 58.5 → 58
    expect(centerCropBox(227, 224, 224, 224)).toEqual({ left: 2, top: 0 }); // 1.5 → 2
  });
});
