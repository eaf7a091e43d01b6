"""Thumbnails of images: PNG for images with alpha, a palette or 1 bit per pixel, else
JPEG; longer side at most ``size`` (64-1024); EXIF orientation applied; first frame of an
animation. A damaged or truncated image gives 422, never a crash. Pillow may still warn
about unrelated things (corrupt EXIF tags, say); those are its own. `MediaStore` caches
them beside the originals, in the `STANDARD_SIZES` only, all made from one decode.
"""

from __future__ import annotations

import io

from PIL import Image, ImageFile

from desk.server.media.errors import invalid, unsupported
from desk.server.media.images import DECODE_ERRORS, exif_orientation, image_format, open_image

MIN_THUMBNAIL = 64
MAX_THUMBNAIL = 1024
# The sizes that are made (all at once, from one decode); a request for another size
# gets the largest of these that is not larger, so "at most size" still holds. 320 and
# 640 are what the desktop client asks for at 100 % and 200 % scaling.
STANDARD_SIZES: tuple[int, ...] = (64, 128, 256, 320, 640, 1024)
# Pillow's reducing_gap: first a cheap integer reduce() (or JPEG draft) to at most
# this many times the target, then the filtered resize.
REDUCING_GAP = 2.0

_T = Image.Transpose
# EXIF orientation 2..8 -> the transpose that shows the image upright.
_ORIENT = {2: _T.FLIP_LEFT_RIGHT, 3: _T.ROTATE_180, 4: _T.FLIP_TOP_BOTTOM, 5: _T.TRANSPOSE,
           6: _T.ROTATE_270, 7: _T.TRANSVERSE, 8: _T.ROTATE_90}  # fmt: skip
# Modes that resize() takes as they are; others are converted first (full size).
_RESIZABLE = frozenset({"RGB", "RGBA", "L", "LA", "RGBa", "La"})

Thumbnail = tuple[bytes, str]  # encoded bytes, content type


def check_thumbnail_size(size: int) -> None:
    if not MIN_THUMBNAIL <= size <= MAX_THUMBNAIL:
        raise invalid(f"Thumbnail size must be between {MIN_THUMBNAIL} and {MAX_THUMBNAIL} pixels.")


def standard_size(size: int) -> int:
    """The standard size served for a request of ``size`` (64-1024)."""
    check_thumbnail_size(size)
    return max(s for s in STANDARD_SIZES if s <= size)


def render_thumbnail(data: bytes, size: int) -> Thumbnail:
    """Encode a thumbnail whose longer side is at most ``size``; MediaError when impossible."""
    check_thumbnail_size(size)
    return render_thumbnails(data, (size,))[size]


def render_thumbnails(data: bytes, sizes: tuple[int, ...] = STANDARD_SIZES) -> dict[int, Thumbnail]:
    """Every size in ``sizes`` from one decode. The decoded image is held once: JPEG
    decodes already shrunk (draft), other formats are reduced in place before any copy
    or mode conversion of the small result."""
    for size in sizes:
        check_thumbnail_size(size)
    fmt = image_format(data)
    if fmt is None:
        raise unsupported("Only images have thumbnails.")
    try:
        im = open_image(data, fmt)
        orientation = exif_orientation(im)
        return _encode_thumbnails(im, sorted(set(sizes), reverse=True), orientation)
    except DECODE_ERRORS:
        raise invalid("The image is damaged or truncated, so it has no thumbnail.") from None


def _shrunk(im: ImageFile.ImageFile, size: int) -> tuple[Image.Image, bool]:
    """(an image whose longer side is at most ``size``, whether to encode it as PNG)."""
    mode = im.mode
    has_alpha = "A" in mode or "a" in mode or "transparency" in im.info
    as_png = has_alpha or mode in ("P", "1")
    work: Image.Image = im
    if mode in ("CMYK", "YCbCr") or (mode in _RESIZABLE and "transparency" not in im.info):
        # JPEG: draft() picks a DCT scale while decoding; others: reduce() then resize.
        im.thumbnail((size, size), reducing_gap=REDUCING_GAP)
    elif mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        work = im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
        work.thumbnail((size, size), reducing_gap=REDUCING_GAP)
    else:  # palette, 1 bit, tRNS: convert (full size), then shrink
        work = im.convert("RGBA" if has_alpha else ("L" if mode == "1" else "RGB"))
        work.thumbnail((size, size), reducing_gap=REDUCING_GAP)
    if work.mode not in ("RGB", "L", "RGBA", "LA"):  # CMYK, YCbCr, RGBa...: small now
        work = work.convert("RGBA" if as_png else "RGB")
    return work, as_png


def _encode_thumbnails(
    im: ImageFile.ImageFile, sizes: list[int], orientation: int
) -> dict[int, Thumbnail]:
    work, as_png = _shrunk(im, sizes[0])
    out: dict[int, Thumbnail] = {}
    for size in sizes:  # largest first: each one is made from the previous, small one
        if max(work.size) > size:
            work = work.copy()
            work.thumbnail((size, size), reducing_gap=REDUCING_GAP)
        upright = work.transpose(_ORIENT[orientation]) if orientation in _ORIENT else work
        buffer = io.BytesIO()
        if as_png:
            upright.save(buffer, "PNG")
            out[size] = buffer.getvalue(), "image/png"
        else:
            upright.save(buffer, "JPEG", quality=85)
            out[size] = buffer.getvalue(), "image/jpeg"
    return out
