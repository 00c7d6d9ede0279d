#!/usr/bin/python3
"""Write the Pillow reference vectors that test/runtime/preprocess/ checks against.

Run with Debian's Python, which has Pillow (python3-pil); the pyenv `python3` on PATH
does not:

    /usr/bin/python3 scripts/make-pillow-vectors.py

Everything lands in test/fixtures/pillow/. The tests only read those files, so they
never need Python. Inputs that are pure noise are not stored: both sides regenerate
them from `noise_rgb` (a 32-bit integer hash that is easy to mirror in TypeScript),
which keeps the committed vectors small.
"""
import base64
import hashlib
import io
import json
import struct
import sys
import tarfile
import zlib
from fractions import Fraction
from pathlib import Path

try:
    import PIL
    from PIL import Image, ImageCms, ImageOps
except ModuleNotFoundError:
    sys.exit("Pillow is missing: run this with /usr/bin/python3 (Debian's python3-pil)")

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test" / "fixtures" / "pillow"
IMAGES = OUT / "images"
CIFAR_ARCHIVE = ROOT.parent / "shared" / "data" / "cifar10-jpg.tar.gz"
BILINEAR = Image.Resampling.BILINEAR


# ---------------------------------------------------------------- helpers

def noise_byte(seed: int, index: int) -> int:
    """lowbias32 (Chris Wellons) of seed*golden+index: well mixed, trivial to port."""
    x = (seed * 0x9E3779B9 + index) & 0xFFFFFFFF
    x ^= x >> 16
    x = (x * 0x7FEB352D) & 0xFFFFFFFF
    x ^= x >> 15
    x = (x * 0x846CA68B) & 0xFFFFFFFF
    x ^= x >> 16
    return x & 0xFF


def noise_rgb(width: int, height: int, seed: int) -> bytes:
    return bytes(noise_byte(seed, i) for i in range(width * height * 3))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pillow_resize(rgb: bytes, width: int, height: int, out_w: int, out_h: int) -> bytes:
    image = Image.frombytes("RGB", (width, height), rgb)
    return image.resize((out_w, out_h), BILINEAR).tobytes()


def write_json(name: str, value) -> None:
    path = OUT / name
    # One case per line: readable diffs without the bulk of full indentation.
    cases = value.pop("cases", None)
    text = json.dumps(value, separators=(",", ":"))
    if cases is not None:
        lines = ",\n".join(json.dumps(c, separators=(",", ":")) for c in cases)
        text = text[:-1] + (',' if value else '') + '"cases":[\n' + lines + "\n]}"
    path.write_text(text + "\n")
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")


# ---------------------------------------------------------------- (a) resize on noise

RESIZE_CASES = [
    # (width, height, out_w, out_h): odd, thin, tiny, exact and large sizes to the
    # model's 32x32 (upscaling included), then a few other targets.
    (7, 5, 32, 32), (33, 31, 32, 32), (32, 32, 32, 32), (64, 48, 32, 32),
    (100, 3, 32, 32), (3, 100, 32, 32), (1, 1, 32, 32), (31, 200, 32, 32),
    (400, 300, 32, 32), (32, 7, 32, 32), (5, 32, 32, 32),
    (64, 48, 17, 9), (7, 5, 40, 23), (333, 1, 5, 2), (2, 2, 1, 1), (97, 89, 48, 45),
]


def resize_vectors() -> list:
    cases = []
    for seed, (w, h, ow, oh) in enumerate(RESIZE_CASES, start=1):
        rgb = noise_rgb(w, h, seed)
        cases.append({
            "width": w, "height": h, "outWidth": ow, "outHeight": oh, "seed": seed,
            "inputSha256": sha256(rgb),
            "output": b64(pillow_resize(rgb, w, h, ow, oh)),
        })
    return cases


def sweep_vectors() -> list:
    """Every input length 1..520 (and some big ones) along each axis, hashed.

    The coefficient table depends only on (in, out) per axis, so a thin strip per
    length covers each table; outputs are stored as hashes to stay small.
    """
    lengths = list(range(1, 521)) + [639, 640, 767, 1000, 1023, 1024, 1279, 2999, 4000]
    cases = []
    for n in lengths:
        for w, h in dict.fromkeys(((n, 2), (2, n))):  # (2, 2) only once
            seed = 1000 + w * 7 + h
            rgb = noise_rgb(w, h, seed)
            out = pillow_resize(rgb, w, h, 32, 32)
            cases.append({"width": w, "height": h, "seed": seed, "outputSha256": sha256(out)[:16]})
    for ow in (1, 2, 3, 24, 31, 33, 64, 224):
        w, h, seed = 123, 77, 5000 + ow
        out = pillow_resize(noise_rgb(w, h, seed), w, h, ow, ow + 1)
        cases.append({"width": w, "height": h, "outWidth": ow, "outHeight": ow + 1,
                      "seed": seed, "outputSha256": sha256(out)[:16]})
    return cases


# ---------------------------------------------------------------- (b) image files

def synth_photo(width: int, height: int, seed: int) -> Image.Image:
    """A small photo-like RGB scene: sky gradient, a sun disc, textured ground, grain."""
    pixels = bytearray()
    horizon = height * 3 // 5
    sun_x, sun_y, sun_r = width * 2 // 3, height // 4, max(2, min(width, height) // 6)
    for y in range(height):
        for x in range(width):
            grain = noise_byte(seed, y * width + x) % 17 - 8
            if (x - sun_x) ** 2 + (y - sun_y) ** 2 <= sun_r ** 2:
                r, g, b = 250, 220, 90
            elif y < horizon:
                t = y / max(1, horizon)
                r, g, b = int(40 + 120 * t), int(90 + 110 * t), int(200 + 40 * t)
            else:
                stripe = ((x + 2 * y) // 5) % 2
                r, g, b = 60 + 40 * stripe, 110 + 30 * stripe, 40 + x * 60 // width
            pixels += bytes(max(0, min(255, c + grain)) for c in (r, g, b))
    return Image.frombytes("RGB", (width, height), bytes(pixels))


def alpha_ramp(width: int, height: int) -> Image.Image:
    """Alpha from 0 (left) to 255 (right) so fully transparent pixels keep real colour."""
    return Image.frombytes("L", (width, height),
                           bytes(x * 255 // max(1, width - 1) for _ in range(height) for x in range(width)))


def swapped_primaries_icc() -> bytes:
    """A valid ICC profile that is clearly not sRGB: sRGB with red and blue swapped.

    Pillow ignores embedded profiles; a colour-managed decoder would swap channels.
    """
    icc = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    count = struct.unpack(">I", icc[128:132])[0]
    entries = {}
    for i in range(count):
        at = 132 + 12 * i
        entries[bytes(icc[at:at + 4])] = at
    r, b = entries[b"rXYZ"], entries[b"bXYZ"]
    icc[r + 4:r + 12], icc[b + 4:b + 12] = icc[b + 4:b + 12], icc[r + 4:r + 12]
    icc[24:36] = struct.pack(">6H", 2020, 1, 1, 0, 0, 0)  # fixed creation date: reproducible file
    icc[84:100] = bytes(16)  # profile id: "not computed"
    return bytes(icc)


def with_black_ink(image: Image.Image) -> Image.Image:
    """CMYK with real K: Pillow's own RGB->CMYK leaves K at 0, which would hide bugs."""
    c, m, y, _ = image.convert("CMYK").split()
    w, h = image.size
    k = Image.frombytes("L", (w, h), bytes((x * 3 + y * 5) % 160 for y in range(h) for x in range(w)))
    return Image.merge("CMYK", (c, m, y, k))


def exif_with_orientation(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    return exif.tobytes()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png16(image: Image.Image) -> bytes:
    """A 16-bit-per-sample PNG of an RGB or RGBA image (Pillow cannot write one).

    The high bytes are the image; the low bytes are noise, so a decoder that rounds
    (v/257) instead of taking the high byte, as Pillow does, is caught.
    """
    w, h = image.size
    channels = len(image.getbands())
    samples = image.tobytes()
    rows = bytearray()
    for y in range(h):
        rows.append(0)  # filter type None
        for i in range(y * w * channels, (y + 1) * w * channels):
            rows += bytes((samples[i], noise_byte(77, i)))
    colour_type = {3: 2, 4: 6}[channels]
    ihdr = struct.pack(">IIBBBBB", w, h, 16, colour_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)
            + png_chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + png_chunk(b"IEND", b""))


def two_frame_gif(first: Image.Image, second: Image.Image, path: Path) -> None:
    first.save(path, save_all=True, append_images=[second], duration=100, loop=0)


def write_image_files() -> list:
    """Save one file per format/mode variant; return (file, notes) in a stable order."""
    IMAGES.mkdir(parents=True, exist_ok=True)
    made = []

    def save(name: str, image: Image.Image, **params) -> None:
        image.save(IMAGES / name, **params)
        made.append(name)

    photo = synth_photo(120, 90, 1)
    save("photo-baseline.jpg", photo, quality=85)                       # 4:2:0
    save("photo-progressive-444.jpg", synth_photo(97, 61, 2), quality=90,
         progressive=True, subsampling=0)
    save("photo-exact-32.jpg", synth_photo(32, 32, 3), quality=90)       # no resize
    save("photo-gray.jpg", synth_photo(80, 60, 4).convert("L"), quality=85)
    save("photo-cmyk.jpg", with_black_ink(synth_photo(64, 48, 5)), quality=90)
    save("photo-icc-swapped.jpg", synth_photo(72, 54, 6), quality=90, icc_profile=swapped_primaries_icc())
    save("photo-exif-6.jpg", synth_photo(72, 40, 7), quality=90, exif=exif_with_orientation(6))
    save("photo-exif-7.jpg", synth_photo(50, 70, 8), quality=90, exif=exif_with_orientation(7))

    small = synth_photo(64, 48, 9)
    save("photo-rgb.png", small)
    rgba = small.copy()
    rgba.putalpha(alpha_ramp(64, 48))
    save("photo-rgba.png", rgba)
    save("photo-palette.png", small.quantize(48))
    palette_trns = small.quantize(32)
    save("photo-palette-trns.png", palette_trns, transparency=0)
    save("photo-gray.png", synth_photo(45, 80, 10).convert("L"))
    la = synth_photo(40, 30, 11).convert("L")
    save("photo-la.png", Image.merge("LA", (la, alpha_ramp(40, 30))))
    save("photo-bilevel.png", synth_photo(50, 38, 12).convert("1"))
    gray16 = synth_photo(30, 24, 23).convert("L").point(lambda v: v * 257, "I").convert("I;16")
    save("photo-gray16.png", gray16)  # Pillow clips these 16-bit values at 255
    save("photo-gray16.tif", gray16.crop((0, 0, 20, 16)))
    save("photo-upscale-20x12.png", synth_photo(20, 12, 13))
    (IMAGES / "photo-rgb16.png").write_bytes(png16(synth_photo(36, 27, 14)))
    rgba16 = synth_photo(28, 20, 29)
    rgba16.putalpha(alpha_ramp(28, 20))
    (IMAGES / "photo-rgba16.png").write_bytes(png16(rgba16))
    made += ["photo-rgb16.png", "photo-rgba16.png"]

    save("photo-lossy.webp", synth_photo(88, 66, 15), quality=80)
    rgba_webp = synth_photo(48, 36, 16)
    rgba_webp.putalpha(alpha_ramp(48, 36))
    save("photo-lossless-alpha.webp", rgba_webp, lossless=True, exact=True)
    save("photo-palette.gif", synth_photo(60, 45, 17).quantize(64))
    two_frame_gif(synth_photo(40, 40, 18).quantize(32), synth_photo(40, 40, 19).quantize(32),
                  IMAGES / "photo-animated.gif")
    made.append("photo-animated.gif")
    save("photo-deflate.tif", synth_photo(56, 42, 20), compression="tiff_deflate")
    save("photo-cmyk.tif", with_black_ink(synth_photo(44, 33, 21)))
    gif_trns = synth_photo(50, 40, 24).quantize(40)
    save("photo-transparent.gif", gif_trns, transparency=gif_trns.getpixel((0, 0)))

    # BMP: sharp has no BMP loader, so these exercise the project's own reader.
    save("photo-24bit.bmp", synth_photo(37, 29, 22))
    bmp_rgba = synth_photo(30, 22, 25)
    bmp_rgba.putalpha(alpha_ramp(30, 22))
    save("photo-32bit.bmp", bmp_rgba)
    save("photo-8bit.bmp", synth_photo(41, 27, 26).quantize(100))
    save("photo-gray.bmp", synth_photo(26, 35, 27).convert("L"))
    save("photo-1bit.bmp", synth_photo(45, 21, 28).convert("1"))
    return made


def image_vectors(files: list) -> list:
    cases = []
    for name in files:
        with Image.open(IMAGES / name) as opened:
            mode = opened.mode
            variants = [("ignore", opened.copy())]
            if opened.getexif().get(0x0112, 1) != 1:
                variants.append(("apply", ImageOps.exif_transpose(opened)))
        for orientation, image in variants:
            rgb = image.convert("RGB")
            resized = rgb.resize((32, 32), BILINEAR).tobytes()
            cases.append({
                "file": name, "pillowMode": mode, "exifOrientation": orientation,
                "width": rgb.width, "height": rgb.height,
                "decodedSha256": sha256(rgb.tobytes()),
                "rgb32": b64(resized),
            })
    return cases


# ---------------------------------------------------------------- ToTensor

def float32_of_fraction(q: Fraction) -> float:
    """Round a positive rational to the nearest float32 (ties to even), exactly."""
    if q == 0:
        return 0.0
    exponent = q.numerator.bit_length() - q.denominator.bit_length()
    if Fraction(2) ** exponent > q:
        exponent -= 1
    scaled = q / Fraction(2) ** (exponent - 23)  # in [2^23, 2^24)
    mantissa = scaled.numerator // scaled.denominator
    rest = scaled - mantissa
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and mantissa % 2 == 1):
        mantissa += 1
    return float(Fraction(mantissa) * Fraction(2) ** (exponent - 23))


def float32_bits(value: float) -> int:
    return struct.unpack("<I", struct.pack("<f", value))[0]


def tensor_vectors(image_cases: list) -> dict:
    """float32(byte)/255 as PyTorch's ToTensor computes it: one correctly rounded
    float32 division per byte, derived here with exact rationals."""
    per_byte = [float32_of_fraction(Fraction(b, 255)) for b in range(256)]
    tensors = []
    for case in image_cases[:2]:
        rgb = base64.b64decode(case["rgb32"])
        chw = [per_byte[rgb[(y * 32 + x) * 3 + c]] for c in range(3) for y in range(32) for x in range(32)]
        tensors.append({"file": case["file"], "exifOrientation": case["exifOrientation"],
                        "tensorFloat32LE": b64(struct.pack(f"<{len(chw)}f", *chw))})
    return {"byteToFloat32Bits": [float32_bits(v) for v in per_byte], "images": tensors}


# ---------------------------------------------------------------- CIFAR JPEGs

def cifar_vectors(count: int = 6) -> list:
    """Pillow's decode of the first few test JPEGs in the shared archive."""
    cases = []
    with tarfile.open(CIFAR_ARCHIVE, "r:gz") as archive:
        for member in archive:
            if not (member.isfile() and "/test/" in member.name):
                continue
            data = archive.extractfile(member).read()
            with Image.open(io.BytesIO(data)) as image:
                rgb = image.convert("RGB")
                cases.append({"member": member.name, "width": rgb.width, "height": rgb.height,
                              "decodedSha256": sha256(rgb.tobytes())})
            if len(cases) == count:
                break
    return cases


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    meta = {"pillow": PIL.__version__, "python": sys.version.split()[0]}
    write_json("resize-vectors.json", {**meta, "cases": resize_vectors()})
    write_json("resize-sweep.json", {**meta, "cases": sweep_vectors()})
    images = image_vectors(write_image_files())
    write_json("images.json", {**meta, "cases": images})
    write_json("to-tensor.json", {**meta, **tensor_vectors(images)})
    write_json("cifar.json", {**meta, "archive": "../shared/data/cifar10-jpg.tar.gz",
                              "cases": cifar_vectors()})


if __name__ == "__main__":
    main()
