"""What may be attached, shared by the server (which decides what an upload really is)
and the composer (which refuses a file before it is queued): the accepted types, the
file names that suggest them, the size and pixel limits, and recognising the image
types by their first bytes. A file's name is never trusted for what the file is.

Plain data and one function: the client imports this, so no Qt and no Pillow here.
"""

from __future__ import annotations

MAX_UPLOAD_BYTES = 25 * 1024 * 1024
MAX_IMAGE_PIXELS = 50_000_000

# content type -> Pillow's format name
IMAGE_FORMATS: dict[str, str] = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
}
IMAGE_TYPES: frozenset[str] = frozenset(IMAGE_FORMATS)
ALLOWED_TYPES: frozenset[str] = IMAGE_TYPES | {"application/pdf", "text/plain", "application/zip"}

# The accepted type a file name suggests. Our own table, not mimetypes: that reads the
# Windows registry and /etc/mime.types, which disagree between machines (.zip is
# application/x-zip-compressed on many Windows boxes).
EXTENSION_TYPES: dict[str, str] = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".jpe": "image/jpeg",
    ".jfif": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".zip": "application/zip",
}
IMAGE_EXTENSIONS: frozenset[str] = frozenset(
    ext for ext, content_type in EXTENSION_TYPES.items() if content_type in IMAGE_TYPES
)
# Names of images in formats that are not accepted.
REFUSED_IMAGE_EXTENSIONS: frozenset[str] = frozenset(
    {".bmp", ".tif", ".tiff", ".heic", ".heif", ".avif", ".svg", ".ico", ".psd", ".raw"}
)
# Names that claim plain text (text in Windows-1251 is then accepted too).
TEXT_EXTENSIONS: frozenset[str] = frozenset(
    {".txt", ".log", ".csv", ".md", ".json", ".xml", ".yaml", ".yml"}
)
# Other names of accepted types, as mimetypes or another program may give them.
TYPE_ALIASES: dict[str, str] = {
    "image/jpg": "image/jpeg",
    "image/pjpeg": "image/jpeg",
    "image/x-png": "image/png",
    "application/x-zip-compressed": "application/zip",
    "application/x-zip": "application/zip",
    "application/x-pdf": "application/pdf",
}


def sniff_image_type(head: bytes) -> str | None:
    """The image content type from a file's first bytes (12 are enough), or None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None
