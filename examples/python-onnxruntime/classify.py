"""Classify an image with lenet.onnx using onnxruntime, Pillow and NumPy only.

Usage: python classify.py <image> [model.onnx]   (the model defaults to ./lenet.onnx)
"""
import json
import sys

import numpy as np
import onnxruntime as ort
from PIL import Image, ImageOps

if len(sys.argv) < 2:
    sys.exit("usage: python classify.py <image> [model.onnx]")
image_path = sys.argv[1]
model_path = sys.argv[2] if len(sys.argv) > 2 else "lenet.onnx"

session = ort.InferenceSession(model_path, providers=["CPUExecutionProvider"])
labels = json.loads(session.get_modelmeta().custom_metadata_map["class_labels"])

# The preprocessing the model was trained with (torchvision: Resize((32, 32)), ToTensor()):
# RGB, Pillow's BILINEAR resize to 32x32, x / 255 as float32, NCHW, no mean/std.
# exif_transpose makes phone photos upright, as the Node and browser examples do.
image = ImageOps.exif_transpose(Image.open(image_path)).convert("RGB")
image = image.resize((32, 32), Image.Resampling.BILINEAR)
x = np.asarray(image, dtype=np.float32) / np.float32(255)  # [32, 32, 3], HWC
x = x.transpose(2, 0, 1)[np.newaxis]  # [1, 3, 32, 32], NCHW

logits = session.run(["logits"], {"input": x})[0][0]
probabilities = np.exp(logits - logits.max())
probabilities /= probabilities.sum()
for i in np.argsort(-probabilities)[:3]:
    print(f"{labels[i]:<12}{probabilities[i] * 100:5.1f}%")
