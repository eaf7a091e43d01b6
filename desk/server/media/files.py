"""Attachment bytes: what the server accepts, where it keeps them, and thumbnails.

Upload rules (``validate_upload``), in order:

1. Over 25 MiB -> 413 ``payload-too-large``; an empty file -> 422 ``validation``.
2. The bytes decide the type, never the name: a PNG named ``photo.jpg`` is ``image/png``.
   PNG, JPEG, GIF and WebP are known by their signature, then Pillow reads the header
   only (pixels are never decoded on upload); an unreadable header -> 422.
3. The pixel size is read from the raw header *before* Pillow builds a decoder (WebP's
   allocates its canvas on creation; GIF frames may outgrow the declared screen). Over
   50 megapixels -> 422. Pillow's own bomb check therefore never fires, so no
   ``DecompressionBombWarning`` leaves this module.
4. BMP, TIFF, HEIC/AVIF and ICO bytes -> 415. Bytes that are no image although the file
   claims to be one (declared ``image/*`` or an image extension) -> 422 when the claimed
   type is an accepted one, else 415 (SVG, HEIC names...).
5. ``%PDF-`` at the start -> PDF. A ZIP signature with a central directory ``zipfile`` can
   read -> ZIP (members are not decompressed).
6. UTF-8 without NUL bytes, or UTF-16 with a BOM -> ``text/plain``; a file declared or
   named as text may also be Windows-1251 without control characters.
7. Otherwise 422 if the file claimed an accepted type (``report.pdf`` that is no PDF),
   else 415 ``unsupported-media-type``.

Width and height are as displayed: EXIF orientations 5-8 swap them.

Thumbnails: PNG for images with alpha, a palette or 1 bit per pixel, else JPEG; longer
side at most ``size`` (64-1024); EXIF orientation applied; first frame of an animation;
cached beside the originals. A damaged or truncated image gives 422, never a crash.
Pillow may still warn about unrelated things (corrupt EXIF tags, say); those are its own.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import re
import struct
import tempfile
import threading
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePath

from PIL import GifImagePlugin, Image, ImageFile, JpegImagePlugin, PngImagePlugin, WebPImagePlugin

from desk.media import (
    ALLOWED_TYPES,
    EXTENSION_TYPES,
    IMAGE_EXTENSIONS,
    IMAGE_FORMATS,
    IMAGE_TYPES,
    MAX_IMAGE_PIXELS,
    MAX_UPLOAD_BYTES,
    REFUSED_IMAGE_EXTENSIONS,
    TEXT_EXTENSIONS,
    sniff_image_type,
)

MIN_THUMBNAIL = 64
MAX_THUMBNAIL = 1024

_SHA256 = re.compile(r"[0-9a-f]{64}")
_FORMATS: dict[str, tuple[str, type[ImageFile.ImageFile]]] = {
    "PNG": ("image/png", PngImagePlugin.PngImageFile),
    "JPEG": ("image/jpeg", JpegImagePlugin.JpegImageFile),
    "GIF": ("image/gif", GifImagePlugin.GifImageFile),
    "WEBP": ("image/webp", WebPImagePlugin.WebPImageFile),
}
# What Pillow raises on bytes it cannot read (Image.open catches the same family); the
# bomb warning is listed in case someone turned warnings into errors.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, KeyError,
                  struct.error, zlib.error, Image.DecompressionBombError,
                  Image.DecompressionBombWarning)  # fmt: skip
_T = Image.Transpose
# EXIF orientation 2..8 -> the transpose that shows the image upright.
_ORIENT = {2: _T.FLIP_LEFT_RIGHT, 3: _T.ROTATE_180, 4: _T.FLIP_TOP_BOTTOM, 5: _T.TRANSPOSE,
           6: _T.ROTATE_270, 7: _T.TRANSVERSE, 8: _T.ROTATE_90}  # fmt: skip


class MediaError(Exception):
    """A file the API refuses; ``status``/``slug`` map onto a problem document."""

    def __init__(self, status: int, slug: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.slug = slug
        self.detail = detail


def _invalid(detail: str) -> MediaError:
    return MediaError(422, "validation", detail)


def _unsupported(detail: str) -> MediaError:
    return MediaError(415, "unsupported-media-type", detail)


@dataclass(frozen=True)
class ValidatedFile:
    content_type: str
    width: int | None
    height: int | None


# --- sniffing -------------------------------------------------------------------


def _image_format(data: bytes) -> str | None:
    """Pillow's format name for the image the bytes start with, or None."""
    content_type = sniff_image_type(data[:16])
    return IMAGE_FORMATS[content_type] if content_type is not None else None


def _refused_image_kind(data: bytes) -> str | None:
    """Name an image format we recognise but do not accept."""
    if data[:2] == b"BM" and len(data) >= 26:
        (dib_size,) = struct.unpack_from("<I", data, 14)
        if dib_size in (12, 40, 52, 56, 64, 108, 124):
            return "BMP"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "TIFF"
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"avif"):
        return "HEIC/AVIF"
    if data[:4] == b"\x00\x00\x01\x00" and len(data) > 6:
        return "ICO"
    return None


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
        raise _invalid("The image header is truncated.") from None
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
        raise _invalid(
            f"The image is {w}×{h} pixels ({mp:.1f} megapixels); the limit is "
            f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels."
        )


def _exif_orientation(im: Image.Image) -> int:
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


def _open_image(data: bytes, fmt: str) -> ImageFile.ImageFile:
    """Open with the format's own class: no Image.open, so no bomb warning from it."""
    size = _header_size(data, fmt)
    if size is not None:
        _check_pixels(size)
    im = _FORMATS[fmt][1](io.BytesIO(data))
    _check_pixels(im.size)
    return im


# --- validation -----------------------------------------------------------------


def _megabytes(n: int) -> str:
    # Round up, so a file just over the limit never reads as "25 MB; the limit is 25 MB".
    return f"{math.ceil(n * 10 / (1024 * 1024)) / 10:.1f}".removesuffix(".0")


def _base_type(declared: str | None) -> str | None:
    if not declared:
        return None
    return declared.split(";", 1)[0].strip().lower() or None


def _is_text(data: bytes, lenient: bool) -> bool:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return "\x00" not in data.decode("utf-16")
        except UnicodeDecodeError:
            return False
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        pass
    if not lenient:
        return False
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        return False
    return not any(ord(c) < 32 and c not in "\t\n\r\f" for c in text)


def _is_zip(data: bytes) -> bool:
    if data[:4] not in (b"PK\x03\x04", b"PK\x05\x06"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return False
    return True


def validate_upload(data: bytes, filename: str, declared_type: str | None) -> ValidatedFile:
    """Decide what an uploaded file is, or raise MediaError (see the module docstring)."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise MediaError(
            413,
            "payload-too-large",
            f"The file is {_megabytes(len(data))} MB; the limit is "
            f"{_megabytes(MAX_UPLOAD_BYTES)} MB.",
        )
    if not data:
        raise _invalid("The file is empty.")
    name = PurePath(filename or "").name[:80] or "The file"
    declared = _base_type(declared_type)
    ext = PurePath(filename or "").suffix.lower()

    fmt = _image_format(data)
    if fmt is not None:
        try:
            im = _open_image(data, fmt)
        except _DECODE_ERRORS:
            raise _invalid(f"{name} is not a readable {fmt} image.") from None
        w, h = im.size
        if _exif_orientation(im) >= 5:
            w, h = h, w
        return ValidatedFile(_FORMATS[fmt][0], w, h)

    refused = _refused_image_kind(data)
    if refused is not None:
        raise _unsupported(
            f"{refused} images are not accepted; please send PNG, JPEG, GIF or WebP."
        )
    if (declared or "").startswith("image/") or ext in IMAGE_EXTENSIONS | REFUSED_IMAGE_EXTENSIONS:
        if declared in IMAGE_TYPES or ext in IMAGE_EXTENSIONS:
            raise _invalid(f"{name} claims to be an image but is not a PNG, JPEG, GIF or WebP.")
        raise _unsupported(
            f"This kind of image ({declared or ext}) is not accepted; "
            "please send PNG, JPEG, GIF or WebP."
        )

    if data.startswith(b"%PDF-"):
        return ValidatedFile("application/pdf", None, None)
    if _is_zip(data):
        return ValidatedFile("application/zip", None, None)
    claims_text = declared == "text/plain" or ext in TEXT_EXTENSIONS
    if _is_text(data, lenient=claims_text):
        return ValidatedFile("text/plain", None, None)

    # What the file claims to be decides between 422 ("not what it claims") and 415.
    claimed = declared if declared in ALLOWED_TYPES else EXTENSION_TYPES.get(ext)
    if claimed == "application/pdf":
        raise _invalid(f"{name} is not a valid PDF file.")
    if claimed == "application/zip":
        raise _invalid(f"{name} is not a valid ZIP archive.")
    if claimed == "text/plain" or claims_text:
        raise _invalid(f"{name} is not a plain-text file: it contains binary data.")
    raise _unsupported(
        f"This type of file ({declared or ext or 'unknown'}) is not accepted. "
        "Allowed: PNG, JPEG, GIF and WebP images, PDF, plain text and ZIP."
    )


# --- thumbnails -----------------------------------------------------------------


def _check_thumbnail_size(size: int) -> None:
    if not MIN_THUMBNAIL <= size <= MAX_THUMBNAIL:
        raise _invalid(
            f"Thumbnail size must be between {MIN_THUMBNAIL} and {MAX_THUMBNAIL} pixels."
        )


def render_thumbnail(data: bytes, size: int) -> tuple[bytes, str]:
    """Encode a thumbnail whose longer side is at most ``size``; MediaError when impossible."""
    _check_thumbnail_size(size)
    fmt = _image_format(data)
    if fmt is None:
        raise _unsupported("Only images have thumbnails.")
    try:
        im = _open_image(data, fmt)
        orientation = _exif_orientation(im)
        return _encode_thumbnail(im, size, orientation)
    except _DECODE_ERRORS:
        raise _invalid("The image is damaged or truncated, so it has no thumbnail.") from None


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


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class MediaStore:
    """Content-addressed files under ``root``: ``root/ab/cd/<sha256>``, thumbnails in
    ``root/thumbs/ab/cd/<sha256>-<size>.png|jpg``. Safe for concurrent threads and
    processes: every file appears whole, by rename."""

    _STRIPES = 64

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        # Striped locks: the same thumbnail is rendered once, the set of locks stays small.
        self._locks = [threading.Lock() for _ in range(self._STRIPES)]

    def save(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        target = self.path(digest)
        if not target.exists():
            _write_atomically(target, data)
        return digest

    def path(self, sha256: str) -> Path:
        if not _SHA256.fullmatch(sha256):
            raise ValueError("not a lowercase hex SHA-256 digest")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def _cached(self, sha256: str, size: int) -> tuple[bytes, str] | None:
        base = self.root / "thumbs" / sha256[:2] / sha256[2:4] / f"{sha256}-{size}"
        for suffix, content_type in ((".png", "image/png"), (".jpg", "image/jpeg")):
            try:
                return base.with_suffix(suffix).read_bytes(), content_type
            except FileNotFoundError:
                continue
        return None

    def thumbnail(self, sha256: str, size: int) -> tuple[bytes, str]:
        """(bytes, content type); FileNotFoundError if the original is not stored."""
        source = self.path(sha256)
        _check_thumbnail_size(size)
        cached = self._cached(sha256, size)
        if cached is not None:
            return cached
        with self._locks[int(sha256[:8], 16) % self._STRIPES]:
            cached = self._cached(sha256, size)  # another thread may have just made it
            if cached is not None:
                return cached
            data, content_type = render_thumbnail(source.read_bytes(), size)
            suffix = ".png" if content_type == "image/png" else ".jpg"
            name = f"{sha256}-{size}{suffix}"
            _write_atomically(self.root / "thumbs" / sha256[:2] / sha256[2:4] / name, data)
            return data, content_type
