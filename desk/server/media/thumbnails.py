"""Thumbnails of images: PNG for images with alpha, a palette or 1 bit per pixel, else
JPEG; longer side at most ``size`` (64-1024); EXIF orientation applied; first frame of an
animation. A damaged or truncated image gives 422, never a crash. Pillow may still warn
about unrelated things (corrupt EXIF tags, say); those are its own. `MediaStore` caches
them beside the originals.
"""

from __future__ import annotations

import io

from PIL import Image, ImageFile

from desk.server.media.errors import invalid, unsupported
from desk.server.media.images import DECODE_ERRORS, exif_orientation, image_format, open_image

MIN_THUMBNAIL = 64
MAX_THUMBNAIL = 1024

_T = Image.Transpose
# EXIF orientation 2..8 -> the transpose that shows the image upright.
_ORIENT = {2: _T.FLIP_LEFT_RIGHT, 3: _T.ROTATE_180, 4: _T.FLIP_TOP_BOTTOM, 5: _T.TRANSPOSE,
           6: _T.ROTATE_270, 7: _T.TRANSVERSE, 8: _T.ROTATE_90}  # fmt: skip


def check_thumbnail_size(size: int) -> None:
    if not MIN_THUMBNAIL <= size <= MAX_THUMBNAIL:
        raise invalid(f"Thumbnail size must be between {MIN_THUMBNAIL} and {MAX_THUMBNAIL} pixels.")


def render_thumbnail(data: bytes, size: int) -> tuple[bytes, str]:
    """Encode a thumbnail whose longer side is at most ``size``; MediaError when impossible."""
    check_thumbnail_size(size)
    fmt = image_format(data)
    if fmt is None:
        raise unsupported("Only images have thumbnails.")
    try:
        im = open_image(data, fmt)
        orientation = exif_orientation(im)
        return _encode_thumbnail(im, size, orientation)
    except DECODE_ERRORS:
        raise invalid("The image is damaged or truncated, so it has no thumbnail.") from None


def _encode_thumbnail(im: ImageFile.ImageFile, size: int, orientation: int) -> tuple[bytes, str]:
    mode = im.mode
    has_alpha = "A" in mode or "a" in mode or "transparency" in im.info
    as_png = has_alpha or mode in ("P", "1")
    if mode in ("RGB", "L", "CMYK", "YCbCr") and not has_alpha:
        im.thumbnail((size, size))  # JPEG: draft() shrinks while decoding
        work = im.convert("RGB") if mode not in ("RGB", "L") else im
    else:
        if mode in ("I;16", "I;16B", "I;16L", "I", "F"):
            work = im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
        else:
            work = im.convert("RGBA" if has_alpha else ("L" if mode == "1" else "RGB"))
        work.thumbnail((size, size))
    if orientation in _ORIENT:
        work = work.transpose(_ORIENT[orientation])
    out = io.BytesIO()
    if as_png:
        work.save(out, "PNG")
        return out.getvalue(), "image/png"
    work.save(out, "JPEG", quality=85)
    return out.getvalue(), "image/jpeg"
