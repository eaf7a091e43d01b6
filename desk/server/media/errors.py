"""How the media code refuses a file: a `MediaError` the routes turn into a problem
document (413, 415 or 422)."""

from __future__ import annotations


class MediaError(Exception):
    """A file the API refuses; ``status``/``slug`` map onto a problem document."""

    def __init__(self, status: int, slug: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.slug = slug
        self.detail = detail


def invalid(detail: str) -> MediaError:
    return MediaError(422, "validation", detail)


def unsupported(detail: str) -> MediaError:
    return MediaError(415, "unsupported-media-type", detail)
