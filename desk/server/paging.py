"""Opaque list cursors: url-safe base64 of a tiny JSON object. Bad ones are a 422."""

from __future__ import annotations

import base64
import binascii
import json

from desk.server.problems import validation

_MAX_CURSOR_VALUE = 9_223_372_036_854_775_807


def encode_cursor(kind: str, value: int) -> str:
    raw = json.dumps({"k": kind, "v": value}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, kind: str) -> int:
    """The position stored in `cursor`, which must have been made for `kind` lists."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise validation("cursor: not a cursor this server issued") from None
    if not isinstance(data, dict) or data.get("k") != kind:
        raise validation("cursor: not a cursor for this list")
    value = data.get("v")
    if type(value) is not int or not 0 <= value <= _MAX_CURSOR_VALUE:
        raise validation("cursor: not a cursor this server issued")
    return value


def escape_like(text: str) -> str:
    """Escape LIKE wildcards; use with `escape="\\\\"`."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
