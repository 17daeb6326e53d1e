"""Looking at printed ink the way a reader (or a printer) does: render, crop, compare.

Plain helpers for the handwriting tests: pages rendered by poppler's ``pdftoppm`` (what
a PDF viewer shows), ink as 1-bit images, differences after the best alignment, and the
share of ink in strokes thinner than a given width (morphological opening).
"""

from __future__ import annotations

import subprocess
import tempfile
from collections import deque
from pathlib import Path

from PIL import Image, ImageChops, ImageFilter

MM_PER_INCH = 25.4


def render(
    pdf: bytes, dpi: int, page: int = 0, top: tuple[float, float] | None = None
) -> Image.Image:
    """Page ``page`` (from 0) rendered in grey at ``dpi``; ``top`` = (from, to) in points
    below the page's top edge renders only that band (a page at 1200 dpi is 80 MB)."""
    band: list[str] = []
    if top is not None:
        k = dpi / 72
        band = ["-y", str(round(top[0] * k)), "-H", str(round((top[1] - top[0]) * k))]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        stem = Path(tmp) / "out"
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", *band,
             "-f", str(page + 1), "-l", str(page + 1), str(src), str(stem)],
            check=True, capture_output=True,
        )  # fmt: skip
        with Image.open(stem.with_suffix(".png")) as img:
            return img.convert("L")


def ink(img: Image.Image, threshold: int = 128) -> Image.Image:
    """Ink as white on black (mode "1"): pixels darker than ``threshold``."""
    return img.point(lambda v: 255 if v < threshold else 0).convert("1")


def crop_points(
    img: Image.Image, box: tuple[float, float, float, float], dpi: int, page_h: float
) -> Image.Image:
    """The part of a rendered page inside ``box`` = (x0, y0, x1, y1) in PDF points."""
    k = dpi / 72
    x0, y0, x1, y1 = box
    return img.crop(
        (round(x0 * k), round((page_h - y1) * k), round(x1 * k), round((page_h - y0) * k))
    )


def count(img: Image.Image) -> int:
    """Ink pixels of a mode "1" image."""
    return img.convert("L").histogram()[255]


def aligned_difference(a: Image.Image, b: Image.Image, shift: int) -> float:
    """Share of ink that differs between two 1-bit crops at their best alignment (moving
    ``b`` up to ``shift`` pixels each way): |a XOR b| / |a OR b|. 0 for identical ink."""
    w, h = max(a.width, b.width) + 2 * shift, max(a.height, b.height) + 2 * shift
    base = Image.new("1", (w, h), 0)
    base.paste(a, (shift, shift))
    best = 1.0
    for dx in range(-shift, shift + 1):
        for dy in range(-shift, shift + 1):
            other = Image.new("1", (w, h), 0)
            other.paste(b, (shift + dx, shift + dy))
            union = count(ImageChops.logical_or(base, other))
            if union:
                best = min(best, count(ImageChops.logical_xor(base, other)) / union)
    return best


def thin_ink_share(img: Image.Image, k: int) -> float:
    """Share of the ink that lies in strokes narrower than ``k`` pixels: what an opening
    (erode then dilate) with a k×k square removes."""
    grey = img.convert("L")
    opened = grey.filter(ImageFilter.MinFilter(k)).filter(ImageFilter.MaxFilter(k))
    total = grey.histogram()[255]
    return 1 - opened.histogram()[255] / total if total else 0.0


def components(img: Image.Image) -> list[tuple[int, int, int, int, int]]:
    """Connected ink regions of a mode "1" image (8-neighbours) as (x0, y0, x1, y1,
    pixels), largest first."""
    w, h = img.size
    px = img.load()
    seen = bytearray(w * h)
    found = []
    for y in range(h):
        for x in range(w):
            if not px[x, y] or seen[y * w + x]:
                continue
            queue = deque([(x, y)])
            seen[y * w + x] = 1
            x0 = x1 = x
            y0 = y1 = y
            n = 0
            while queue:
                cx, cy = queue.popleft()
                n += 1
                x0, x1, y0, y1 = min(x0, cx), max(x1, cx), min(y0, cy), max(y1, cy)
                for nx in (cx - 1, cx, cx + 1):
                    for ny in (cy - 1, cy, cy + 1):
                        if 0 <= nx < w and 0 <= ny < h and px[nx, ny] and not seen[ny * w + nx]:
                            seen[ny * w + nx] = 1
                            queue.append((nx, ny))
            found.append((x0, y0, x1, y1, n))
    return sorted(found, key=lambda c: -c[4])
