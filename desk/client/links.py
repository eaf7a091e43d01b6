"""Find links in plain message text: http(s) URLs and ``#123`` ticket references.

Message bodies are plain text from the network, so the UI never lets a renderer
guess at links; it asks this module, which only ever yields ``http``/``https``
URLs (no ``javascript:``, ``file:``, ``data:`` ...) and ticket numbers. Offsets
are Python string indices (code points); the UI converts them for Qt.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class LinkKind(enum.StrEnum):
    URL = "url"
    TICKET = "ticket"


@dataclass(frozen=True, slots=True)
class LinkSpan:
    """``text[start:end]`` is the link as written; ``target`` is what it opens.

    For a URL the target is the URL (scheme lower-cased); for a ticket it is the
    ticket number in decimal digits.
    """

    start: int
    end: int
    kind: LinkKind
    target: str

    @property
    def ticket_id(self) -> int:
        if self.kind is not LinkKind.TICKET:
            raise ValueError("not a ticket reference")
        return int(self.target)


# The scheme must not be glued to a preceding word ("xhttp://", "fohttps://").
_SCHEME = re.compile(r"(?<!\w)(https?)://", re.IGNORECASE)
# A URL runs until whitespace, angle brackets, or any kind of quotation mark.
_URL_BODY = re.compile(r"[^\s<>\"`«»“”„‘’\x00-\x1f\x7f]*")
# host: dotted labels (Unicode letters allowed, for IDN) or a bracketed IPv6 address.
_HOST = re.compile(r"(?:[^\W_][\w-]*(?:\.[^\W_][\w-]*)*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?")
_TRAILING = ".,:;!?…'*"
_PAIRS = {")": "(", "]": "[", "}": "{"}
# `#123`: not after a word character (`abc#12`), `#`, `&` (`&#123;` entities) or `/`;
# and not followed by a word character (`#12abc`). Ticket ids are positive.
_TICKET = re.compile(r"(?<![\w#&/])#([1-9]\d{0,8})(?!\w)")


def _mixed_script_cut(label: str) -> int:
    """Where a host label switches between ASCII and non-ASCII letters, or -1.

    "example.comпривет" is a Latin host with Russian glued after it, not a host
    named "comпривет"; real IDN labels are written in one script.
    """
    ascii_seen = other_seen = False
    for i, ch in enumerate(label):
        if not ch.isalpha():
            continue
        if ch.isascii():
            if other_seen:
                return i
            ascii_seen = True
        else:
            if ascii_seen:
                return i
            other_seen = True
    return -1


def _trim_trailing(candidate: str) -> str:
    """Drop sentence punctuation and unbalanced closing brackets from the end."""
    while candidate:
        last = candidate[-1]
        if last in _TRAILING or (
            last in _PAIRS and candidate.count(last) > candidate.count(_PAIRS[last])
        ):
            candidate = candidate[:-1]
        else:
            break
    return candidate


def _url_at(text: str, body_start: int) -> str | None:
    """The part of a URL after its ``scheme://`` (which ends at ``body_start``), or None."""
    body_match = _URL_BODY.match(text, body_start)
    rest = body_match.group(0) if body_match else ""
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    host_match = _HOST.match(authority)
    if host_match is None:
        return None
    host = host_match.group(0)
    tail = authority[len(host) :]
    if tail.strip(_TRAILING + ")]}"):
        # Userinfo ("a@b"), a bad port or junk: not a link we are sure about.
        return None
    if not host.startswith("["):
        hostname = host.split(":", 1)[0].rstrip(".")
        last_label = hostname.rsplit(".", 1)[-1]
        cut = _mixed_script_cut(last_label)
        if cut != -1:
            rest = hostname[: len(hostname) - len(last_label) + cut]
    rest = _trim_trailing(rest)
    return rest if _HOST.match(rest) else None


def find_links(text: str) -> list[LinkSpan]:
    """All URL and ticket-reference spans in ``text``, sorted and non-overlapping."""
    spans: list[LinkSpan] = []
    pos = 0
    while True:
        m = _SCHEME.search(text, pos)
        if m is None:
            break
        rest = _url_at(text, m.end())
        if rest is None:
            pos = m.end()
            continue
        end = m.end() + len(rest)
        target = m.group(1).lower() + "://" + rest
        spans.append(LinkSpan(m.start(), end, LinkKind.URL, target))
        pos = end
    url_spans = list(spans)
    for t in _TICKET.finditer(text):
        if any(u.start <= t.start() < u.end for u in url_spans):
            continue
        spans.append(LinkSpan(t.start(), t.end(), LinkKind.TICKET, t.group(1)))
    spans.sort(key=lambda s: s.start)
    return spans
