"""Recognising image types by their first bytes, shared by the server (which decides
what an upload really is) and the composer (which refuses a mislabelled file before
it is queued). A file's name is never trusted for this."""

from __future__ import annotations

# content type -> Pillow's format name
IMAGE_FORMATS: dict[str, str] = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
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
