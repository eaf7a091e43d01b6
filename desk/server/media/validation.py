"""Upload validation: what the server accepts as an attachment, decided by the bytes.

Rules (``validate_upload``), in order; the limits and types are `desk.media`'s:

1. Over 25 MiB -> 413 ``payload-too-large``; an empty file -> 422 ``validation``.
2. The bytes decide the type, never the name: a PNG named ``photo.jpg`` is ``image/png``.
   PNG, JPEG, GIF and WebP are known by their signature, then Pillow reads the header
   only (pixels are never decoded on upload); an unreadable header -> 422.
3. Over 50 megapixels -> 422, read from the raw header before Pillow builds a decoder
   (see ``desk.server.media.images``).
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
"""

from __future__ import annotations

import io
import math
import struct
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from desk.media import (
    ALLOWED_TYPES,
    EXTENSION_TYPES,
    IMAGE_EXTENSIONS,
    IMAGE_FORMATS,
    IMAGE_TYPES,
    MAX_UPLOAD_BYTES,
    REFUSED_IMAGE_EXTENSIONS,
    TEXT_EXTENSIONS,
)
from desk.server.media.errors import MediaError, invalid, unsupported
from desk.server.media.images import DECODE_ERRORS, exif_orientation, image_format, open_image

# Pillow's format name -> the content type it is stored under.
_CONTENT_TYPES = {fmt: content_type for content_type, fmt in IMAGE_FORMATS.items()}


@dataclass(frozen=True)
class ValidatedFile:
    content_type: str
    width: int | None
    height: int | None


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


def validate_upload(
    data: bytes, filename: str, declared_type: str | None, *, limit: int = MAX_UPLOAD_BYTES
) -> ValidatedFile:
    """Decide what an uploaded file is, or raise MediaError (see the module docstring).
    ``limit`` is the server's setting (``Settings.max_upload_bytes``)."""
    if len(data) > limit:
        raise MediaError(
            413,
            "payload-too-large",
            f"The file is {_megabytes(len(data))} MB; the limit is {_megabytes(limit)} MB.",
        )
    if not data:
        raise invalid("The file is empty.")
    name = PurePath(filename or "").name[:80] or "The file"
    declared = _base_type(declared_type)
    ext = PurePath(filename or "").suffix.lower()

    fmt = image_format(data)
    if fmt is not None:
        try:
            im = open_image(data, fmt)
        except DECODE_ERRORS:
            raise invalid(f"{name} is not a readable {fmt} image.") from None
        w, h = im.size
        if exif_orientation(im) >= 5:
            w, h = h, w
        return ValidatedFile(_CONTENT_TYPES[fmt], w, h)

    refused = _refused_image_kind(data)
    if refused is not None:
        raise unsupported(f"{refused} images are not accepted; please send PNG, JPEG, GIF or WebP.")
    if (declared or "").startswith("image/") or ext in IMAGE_EXTENSIONS | REFUSED_IMAGE_EXTENSIONS:
        if declared in IMAGE_TYPES or ext in IMAGE_EXTENSIONS:
            raise invalid(f"{name} claims to be an image but is not a PNG, JPEG, GIF or WebP.")
        raise unsupported(
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
        raise invalid(f"{name} is not a valid PDF file.")
    if claimed == "application/zip":
        raise invalid(f"{name} is not a valid ZIP archive.")
    if claimed == "text/plain" or claims_text:
        raise invalid(f"{name} is not a plain-text file: it contains binary data.")
    raise unsupported(
        f"This type of file ({declared or ext or 'unknown'}) is not accepted. "
        "Allowed: PNG, JPEG, GIF and WebP images, PDF, plain text and ZIP."
    )
