"""Content-addressed storage of attachment bytes and their cached thumbnails."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
from pathlib import Path

from desk.server.media.thumbnails import (
    STANDARD_SIZES,
    Thumbnail,
    render_thumbnails,
    standard_size,
)

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
    """Content-addressed files under ``root``: ``root/ab/cd/<sha256>``, thumbnails of the
    standard sizes in ``root/thumbs/ab/cd/<sha256>-<size>.png|jpg``. Safe for concurrent threads and
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

    def delete(self, sha256: str) -> None:
        """Remove a stored file and its thumbnails (missing ones are fine)."""
        with self._locks[int(sha256[:8], 16) % self._STRIPES]:
            self.path(sha256).unlink(missing_ok=True)
            for thumb in self._thumb_base(sha256, 0).parent.glob(f"{sha256}-*"):
                thumb.unlink(missing_ok=True)

    def _thumb_base(self, sha256: str, size: int) -> Path:
        return self.root / "thumbs" / sha256[:2] / sha256[2:4] / f"{sha256}-{size}"

    def cached_thumbnail(self, sha256: str, size: int) -> Thumbnail | None:
        """The stored thumbnail of the standard size for ``size``, if it was made."""
        base = self._thumb_base(sha256, standard_size(size))
        for suffix, content_type in ((".png", "image/png"), (".jpg", "image/jpeg")):
            try:
                return base.with_suffix(suffix).read_bytes(), content_type
            except FileNotFoundError:
                continue
        return None

    def _has_thumbnail(self, sha256: str, size: int) -> bool:
        base = self._thumb_base(sha256, size)
        return base.with_suffix(".png").exists() or base.with_suffix(".jpg").exists()

    def render_thumbnails(self, sha256: str) -> None:
        """Make and store every standard size from one decode, unless already there.
        FileNotFoundError if the original is not stored; MediaError if it has none."""
        source = self.path(sha256)
        with self._locks[int(sha256[:8], 16) % self._STRIPES]:
            # All of them: an older server cached only the sizes that were asked for.
            if all(self._has_thumbnail(sha256, size) for size in STANDARD_SIZES):
                return
            made = render_thumbnails(source.read_bytes(), STANDARD_SIZES)
            for size in sorted(made):
                data, content_type = made[size]
                suffix = ".png" if content_type == "image/png" else ".jpg"
                _write_atomically(self._thumb_base(sha256, size).with_suffix(suffix), data)

    def thumbnail(self, sha256: str, size: int) -> Thumbnail:
        """(bytes, content type) of the standard size for ``size``, made when missing;
        FileNotFoundError if the original is not stored. Unbounded: the server goes
        through `ThumbnailPool`."""
        self.path(sha256)
        cached = self.cached_thumbnail(sha256, size)
        if cached is None:
            self.render_thumbnails(sha256)
            cached = self.cached_thumbnail(sha256, size)
        if cached is None:
            raise FileNotFoundError(sha256)
        return cached
