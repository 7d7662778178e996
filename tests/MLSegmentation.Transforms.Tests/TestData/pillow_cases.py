#!/usr/bin/env python3
"""Writes PNG cases into the folder given (argv[1]) and Pillow's decode of each, for PillowComparisonTests.

Run with /usr/bin/python3 (Debian's python3-pil, python3-numpy). For each case it writes NAME.png and
NAME.raw (Pillow's array as little-endian uint16, H x W x C) and prints "NAME.png KIND WIDTH HEIGHT CHANNELS",
KIND being "labels" (class indices: grey or palette indices) or "image". Pillow cannot write interlaced PNGs,
so interlaced cases are written here (filter None, zlib) and decoded by Pillow.
"""
import struct
import sys
import zlib

import numpy as np
from PIL import Image

out = sys.argv[1]
rng = np.random.default_rng(15)
H, W = 37, 29
cases = []


def chunk(kind, body):
    return struct.pack('>I', len(body)) + kind + body + struct.pack('>I', zlib.crc32(kind + body))


def save_interlaced(path, a, color_type, depth, palette=None):
    """An Adam7 PNG of the uint8/uint16 array a (H x W or H x W x C) with every row unfiltered."""
    a = a if a.ndim == 3 else a[:, :, None]
    big = a.astype('>u2') if depth == 16 else a.astype(np.uint8)
    raw = b''
    for x0, y0, dx, dy in [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]:
        sub = big[y0::dy, x0::dx]
        if sub.size:
            raw += b''.join(b'\0' + row.tobytes() for row in sub)
    ihdr = struct.pack('>IIBBBBB', a.shape[1], a.shape[0], depth, color_type, 0, 0, 1)
    body = chunk(b'IHDR', ihdr) + (chunk(b'PLTE', bytes(palette)) if palette is not None else b'')
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + body + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))


def record(name, kind):
    a = np.asarray(Image.open(f'{out}/{name}'))
    a = a.astype('<u2')
    a.tofile(f'{out}/{name[:-4]}.raw')
    cases.append(f'{name} {kind} {a.shape[1]} {a.shape[0]} {1 if a.ndim == 2 else a.shape[2]}')


grey16 = rng.integers(0, 65536, (H, W), dtype=np.uint16)
Image.fromarray(grey16, 'I;16').save(f'{out}/grey16.png')
record('grey16.png', 'image')
save_interlaced(f'{out}/grey16_interlaced.png', grey16, 0, 16)
record('grey16_interlaced.png', 'image')

binary = (rng.random((H, W)) > 0.6).astype(np.uint8) * 255
Image.fromarray(binary, 'L').save(f'{out}/binary255.png')
record('binary255.png', 'labels')

# VOC-style: 21 classes and 255 (the border) with the VOC colour map; entries 21..254 unused.
voc = [0] * 768
for k in range(256):
    r = g = b = 0
    c = k
    for j in range(8):
        r |= ((c >> 0) & 1) << (7 - j)
        g |= ((c >> 1) & 1) << (7 - j)
        b |= ((c >> 2) & 1) << (7 - j)
        c >>= 3
    voc[3 * k:3 * k + 3] = [r, g, b]
classes = rng.integers(0, 21, (H, W)).astype(np.uint8)
classes[::7, :] = 255
im = Image.fromarray(classes, 'P')
im.putpalette(voc)
im.save(f'{out}/voc.png')
record('voc.png', 'labels')

# Duplicate colours and transparency: indices are not recoverable from colours, only from the file.
duplicates = [v for k in range(16) for v in (k % 3 * 100, 0, 0)]
im = Image.fromarray(rng.integers(0, 16, (H, W)).astype(np.uint8), 'P')
im.putpalette(duplicates)
im.save(f'{out}/palette4_duplicates.png', bits=4, transparency=bytes([0, 128] + [255] * 14))
record('palette4_duplicates.png', 'labels')
save_interlaced(f'{out}/palette8_interlaced.png', classes, 3, 8, voc)
record('palette8_interlaced.png', 'labels')

rgba = rng.integers(0, 256, (H, W, 4), dtype=np.uint8)
Image.fromarray(rgba, 'RGBA').save(f'{out}/rgba8.png')
record('rgba8.png', 'image')
print('\n'.join(cases))
