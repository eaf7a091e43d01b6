"""Opening an image safely, shared by upload validation and thumbnails.

The type comes from the bytes (`desk.media.sniff_image_type`), then the format's own
Pillow class reads the header; pixels are decoded only when a thumbnail is drawn. The
pixel size is read from the raw header *before* Pillow builds a decoder (WebP's
allocates its canvas on creation; GIF frames may outgrow the declared screen), and over
`MAX_IMAGE_PIXELS` the image is refused with 422. Pillow's own bomb check therefore
never fires, so no ``DecompressionBombWarning`` leaves the media code.
"""

from __future__ import annotations

import io
import struct
import zlib

from PIL import GifImagePlugin, Image, ImageFile, JpegImagePlugin, PngImagePlugin, WebPImagePlugin

from desk.media import IMAGE_FORMATS, MAX_IMAGE_PIXELS, sniff_image_type
from desk.server.media.errors import invalid

# Pillow's format name -> the class that reads it (no Image.open: see open_image).
_READERS: dict[str, type[ImageFile.ImageFile]] = {
    "PNG": PngImagePlugin.PngImageFile,
    "JPEG": JpegImagePlugin.JpegImageFile,
    "GIF": GifImagePlugin.GifImageFile,
    "WEBP": WebPImagePlugin.WebPImageFile,
}
# What Pillow raises on bytes it cannot read (Image.open catches the same family); the
# bomb warning is listed in case someone turned warnings into errors.
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, KeyError,
                 struct.error, zlib.error, Image.DecompressionBombError,
                 Image.DecompressionBombWarning)  # fmt: skip


def image_format(data: bytes) -> str | None:
    """Pillow's format name for the image the bytes start with, or None."""
    content_type = sniff_image_type(data[:16])
    return IMAGE_FORMATS[content_type] if content_type is not None else None


def _header_size(data: bytes, fmt: str) -> tuple[int, int] | None:
    """Width and height from the raw header, before any Pillow decoder exists."""
    try:
        if fmt == "PNG" and data[12:16] == b"IHDR":
            w, h = struct.unpack_from(">II", data, 16)
            return w, h
        if fmt == "GIF":
            return _gif_size(data)
        if fmt == "WEBP":
            return _webp_size(data)
    except (struct.error, IndexError):
        raise invalid("The image header is truncated.") from None
    return None  # JPEG: Pillow's JPEG reader parses markers without allocating pixels


def _gif_size(data: bytes) -> tuple[int, int]:
    # Pillow grows the canvas to fit the first frame, so take that frame into account.
    width, height = struct.unpack_from("<HH", data, 6)
    flags = data[10]
    pos = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    while pos < len(data):
        block = data[pos]
        if block == 0x21:  # extension: label, then sub-blocks until a zero length
            pos += 2
            while data[pos]:
                pos += data[pos] + 1
            pos += 1
        elif block == 0x2C:  # image descriptor
            x, y, w, h = struct.unpack_from("<HHHH", data, pos + 1)
            return max(width, x + w), max(height, y + h)
        else:
            break
    return width, height


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X":
        w = int.from_bytes(data[24:27], "little") + 1
        h = int.from_bytes(data[27:30], "little") + 1
        return w, h
    if chunk == b"VP8L":
        (bits,) = struct.unpack_from("<I", data, 21)
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 ":
        w, h = struct.unpack_from("<HH", data, 26)
        return w & 0x3FFF, h & 0x3FFF
    return None


def _check_pixels(size: tuple[int, int]) -> None:
    w, h = size
    if w * h > MAX_IMAGE_PIXELS:
        mp = w * h / 1_000_000
        raise invalid(
            f"The image is {w}×{h} pixels ({mp:.1f} megapixels); the limit is "
            f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels."
        )


def exif_orientation(im: Image.Image) -> int:
    """EXIF orientation from the raw block the header carried (1 when absent or bad)."""
    raw = im.info.get("exif")
    if not isinstance(raw, bytes):
        return 1
    if raw.startswith(b"Exif\x00\x00"):
        raw = raw[6:]
    order = {b"II": "<", b"MM": ">"}.get(raw[:2])
    if order is None or len(raw) < 8:
        return 1
    try:
        (ifd,) = struct.unpack_from(order + "I", raw, 4)
        (count,) = struct.unpack_from(order + "H", raw, ifd)
        for i in range(min(count, 256)):
            tag, kind = struct.unpack_from(order + "HH", raw, ifd + 2 + 12 * i)
            if tag == 0x0112 and kind == 3:  # Orientation, SHORT
                (value,) = struct.unpack_from(order + "H", raw, ifd + 2 + 12 * i + 8)
                return value if 1 <= value <= 8 else 1
    except struct.error:
        pass
    return 1


def open_image(data: bytes, fmt: str) -> ImageFile.ImageFile:
    """Open with the format's own class: no Image.open, so no bomb warning from it."""
    size = _header_size(data, fmt)
    if size is not None:
        _check_pixels(size)
    im = _READERS[fmt](io.BytesIO(data))
    _check_pixels(im.size)
    return im
