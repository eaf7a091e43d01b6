"""Streaming multipart reader for POST /attachments.

The body is read chunk by chunk and refused with 413 as soon as the `file` part
passes the limit, so an oversized upload never lands in memory or on disk whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from desk.server.problems import ProblemError, validation

# Room for the multipart framing and small extra fields around the file.
_FRAMING_ALLOWANCE = 256 * 1024
# Control characters, and bidi overrides/isolates, which make "gpj.exe" display as "exe.jpg".
_UNSAFE_NAME = re.compile("[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class UploadedFile:
    data: bytes
    filename: str
    declared_type: str | None


def _too_large(limit: int) -> ProblemError:
    return ProblemError(
        413, "payload-too-large", f"Files are limited to {limit // (1024 * 1024)} MiB."
    )


def clean_filename(raw: str) -> str:
    """Only the last path component, no control or bidi override characters, at most
    255 characters."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_NAME.sub("", name).strip().strip(".")
    name = name.encode("utf-8", "replace").decode("utf-8")
    return name[:255] or "upload"


class _Collector:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.header_field = bytearray()
        self.header_value = bytearray()
        self.headers: dict[bytes, bytes] = {}
        self.in_file = False
        self.data = bytearray()
        self.found: UploadedFile | None = None
        self.filename = ""
        self.declared: str | None = None

    def on_part_begin(self) -> None:
        self.headers = {}

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        self.headers[bytes(self.header_field).lower()] = bytes(self.header_value)
        self.header_field.clear()
        self.header_value.clear()

    def on_headers_finished(self) -> None:
        _, params = parse_options_header(self.headers.get(b"content-disposition", b""))
        self.in_file = params.get(b"name") == b"file" and self.found is None
        if self.in_file:
            raw_name = params.get(b"filename", b"upload").decode("utf-8", "replace")
            self.filename = clean_filename(raw_name)
            ctype = self.headers.get(b"content-type")
            self.declared = ctype.decode("latin-1").strip() if ctype else None

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self.in_file:
            self.data += data[start:end]
            if len(self.data) > self.limit:
                raise _too_large(self.limit)

    def on_part_end(self) -> None:
        if self.in_file:
            self.found = UploadedFile(bytes(self.data), self.filename, self.declared)
            self.data = bytearray()
            self.in_file = False


async def read_upload(request: Request, limit: int) -> UploadedFile:
    mime, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if mime != b"multipart/form-data" or not boundary:
        raise ProblemError(
            415, "unsupported-media-type", "Send multipart/form-data with a file field."
        )
    body_limit = limit + _FRAMING_ALLOWANCE
    declared_length = request.headers.get("content-length", "")
    if declared_length.isdigit() and int(declared_length) > body_limit:
        raise _too_large(limit)
    collector = _Collector(limit)
    try:
        parser = MultipartParser(
            boundary,
            callbacks={
                "on_part_begin": collector.on_part_begin,
                "on_header_field": collector.on_header_field,
                "on_header_value": collector.on_header_value,
                "on_header_end": collector.on_header_end,
                "on_headers_finished": collector.on_headers_finished,
                "on_part_data": collector.on_part_data,
                "on_part_end": collector.on_part_end,
            },
        )
        received = 0
        async for chunk in request.stream():
            received += len(chunk)
            if received > body_limit:
                raise _too_large(limit)
            parser.write(chunk)
        parser.finalize()
    except (MultipartParseError, ValueError) as exc:
        raise validation("file: the multipart body is malformed") from exc
    if collector.found is None:
        raise validation("file: a multipart field named 'file' is required")
    return collector.found
