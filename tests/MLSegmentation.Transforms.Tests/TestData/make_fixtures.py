#!/usr/bin/env python3
"""Makes the PNG and JPEG fixtures with Pillow and records SHA-256 hashes of Pillow's decodes.

Run from this folder with /usr/bin/python3 (Debian's python3-pil). The C# tests compare their
decodes against expected.txt: "file sha256 width height channels bytes-per-sample".
Synthetic pixel values follow formulas the tests recompute (see PngTests). The BMP and WebP files
are also the seeds of the codec fuzz tests (CodecFuzzTests, bench/fuzz-codecs.sh).
"""
import glob
import hashlib
import os

import numpy as np
from PIL import Image

W, H = 23, 17  # odd sizes exercise partial bytes and short Adam7 passes
y, x = np.mgrid[0:H, 0:W]


def pattern8(c):
    return ((x * 7 + y * 13 + c * 50) % 256).astype(np.uint8)


def pattern16():
    return ((x * 1031 + y * 4099) % 65536).astype(np.uint16)


def save_synthetic():
    Image.fromarray(pattern8(0), 'L').save('png/grey8.png')
    Image.fromarray(np.dstack([pattern8(0), pattern8(1)]), 'LA').save('png/greyalpha8.png')
    Image.fromarray(np.dstack([pattern8(c) for c in range(3)]), 'RGB').save('png/rgb8.png')
    Image.fromarray(np.dstack([pattern8(c) for c in range(4)]), 'RGBA').save('png/rgba8.png')
    Image.fromarray(pattern16(), 'I;16').save('png/grey16.png')
    Image.fromarray(((x + y) % 2).astype(bool)).save('png/grey1.png')
    for bits in (1, 2, 4, 8):
        n = 1 << bits
        im = Image.fromarray(((x + 2 * y) % n).astype(np.uint8), 'P')
        im.putpalette([v for k in range(n) for v in ((k * 3) % 256, (k * 5) % 256, (k * 7) % 256)])
        im.save(f'png/palette{bits}.png', bits=bits)
    smooth = np.dstack([(x * 255 // (W - 1)), (y * 255 // (H - 1)), ((x + y) * 255 // (W + H - 2))]).astype(np.uint8)
    big = np.kron(smooth, np.ones((3, 3, 1), np.uint8))
    Image.fromarray(big, 'RGB').save('jpeg/baseline420.jpg', quality=90)
    Image.fromarray(big, 'RGB').save('jpeg/progressive.jpg', quality=85, progressive=True)
    Image.fromarray(big[:, :, 0], 'L').save('jpeg/grey.jpg', quality=90)
    Image.fromarray(np.dstack([pattern8(c) for c in range(3)]), 'RGB').save('bmp/rgb24.bmp')
    Image.fromarray(np.dstack([pattern8(c) for c in range(3)]), 'RGB').save('webp/lossless.webp', lossless=True)
    Image.fromarray(np.dstack([pattern8(c) for c in range(4)]), 'RGBA').save('webp/lossless_alpha.webp', lossless=True)
    Image.fromarray(big, 'RGB').save('webp/lossy.webp', quality=80)


def decoded(path):
    im = Image.open(path)
    a = np.asarray(im)
    if a.dtype == bool:
        a = a.astype(np.uint8)
    if a.dtype.itemsize > 1:  # 16-bit PNGs open as mode I (int32)
        a = a.astype('<u2')
    channels = 1 if a.ndim == 2 else a.shape[2]
    return hashlib.sha256(a.tobytes()).hexdigest(), im.size[0], im.size[1], channels, a.dtype.itemsize


def main():
    os.makedirs('png', exist_ok=True)
    os.makedirs('jpeg', exist_ok=True)
    os.makedirs('bmp', exist_ok=True)
    os.makedirs('webp', exist_ok=True)
    save_synthetic()
    skimage = '/usr/lib/python3/dist-packages/skimage/data/'
    files = sorted(glob.glob('png/*.png')) + sorted(glob.glob('jpeg/*.jpg'))
    files += ['bmp/rgb24.bmp', 'webp/lossless.webp', 'webp/lossless_alpha.webp']
    files += [f for f in sorted(glob.glob(skimage + '*.png')) + sorted(glob.glob(skimage + '*.jpg'))
              if not f.endswith('truncated.jpg')]
    with open('expected.txt', 'w') as out:
        for f in files:
            digest, w, h, c, b = decoded(f)
            out.write(f'{f} {digest} {w} {h} {c} {b}\n')


main()
