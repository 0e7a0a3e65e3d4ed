"""Checks for a bundle's pictures: type, file size, pixel size, and SVGs without active parts."""

from __future__ import annotations

import io
import re
import warnings

from PIL import Image

# One definition of what an SVG may not hold, shared with the guides' own image check.
from content.guides import _SVG_UNSAFE

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_IMAGE_SIDE = 4096
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")

_SVG_START = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<svg[\s>]", re.DOTALL)
_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}


def image_problem(name: str, data: bytes) -> str | None:
    """What is wrong with the picture ``name`` (its suffix says its type), or None."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in IMAGE_SUFFIXES:
        return "a picture must be PNG, JPEG or SVG (.png, .jpg, .jpeg, .svg)"
    if len(data) > MAX_IMAGE_BYTES:
        return (
            f"the picture is {len(data) / 1024 / 1024:.1f} MB; "
            f"the limit is {MAX_IMAGE_BYTES // 1024 // 1024} MB"
        )
    if suffix == ".svg":
        return _svg_problem(data)
    return _bitmap_problem(data, _FORMATS[suffix])


def _svg_problem(data: bytes) -> str | None:
    try:
        svg = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "not an SVG file (not UTF-8 text)"
    if not _SVG_START.match(svg):
        return "not an SVG file"
    if unsafe := _SVG_UNSAFE.search(svg):
        return (
            f"the SVG has '{unsafe.group().strip()}': an SVG may not contain scripts, "
            "events, DOCTYPE or links to other files"
        )
    return None


def _bitmap_problem(data: bytes, expected: str) -> str | None:
    try:
        with warnings.catch_warnings():
            # A picture this large is refused anyway; never let Pillow decode it.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[expected]) as image:
                width, height = image.size
                if width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE:
                    return (
                        f"the picture is {width}×{height} pixels; at most "
                        f"{MAX_IMAGE_SIDE}×{MAX_IMAGE_SIDE}"
                    )
                image.load()  # a truncated or corrupt file fails here, not on the kiosk
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return f"the picture is far larger than {MAX_IMAGE_SIDE}×{MAX_IMAGE_SIDE} pixels"
    except (OSError, SyntaxError, ValueError):
        return f"not a readable {expected} file"
    return None
