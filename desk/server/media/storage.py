"""Content-addressed storage of attachment bytes and their cached thumbnails."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
from pathlib import Path

from desk.server.media.thumbnails import check_thumbnail_size, render_thumbnail

_SHA256 = re.compile(r"[0-9a-f]{64}")


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
        check_thumbnail_size(size)
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
